package io.orderflow.messaging.inbound;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The envelope of a consumed event, with its body already mapped to the consumer's own type.
 *
 * @param id the CloudEvents id, unique per event
 * @param type the CloudEvents type
 * @param subject the order id
 * @param time when the event happened
 * @param data the body
 * @param <T> the consumer's class for this event type
 */
public record InboundEvent<T>(UUID id, String type, String subject, OffsetDateTime time, T data) {
}
