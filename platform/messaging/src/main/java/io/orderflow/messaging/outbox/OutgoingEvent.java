package io.orderflow.messaging.outbox;

import java.util.Objects;

/**
 * An integration event on its way to a topic.
 *
 * @param topic the Kafka topic
 * @param type the CloudEvents type, for example {@code io.orderflow.OrderPlaced}
 * @param subject what the event is about (the order id); it is also the record key, so one subject's events stay in
 *     order on one partition
 * @param data the body, serialized as JSON
 */
public record OutgoingEvent(String topic, String type, String subject, Object data) {

    public OutgoingEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(data, "data");
    }
}
