package io.orderflow.messaging.outbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.producer.ProducerRecord;

/** One row of {@code outbox_event}, and the binary-mode CloudEvents record it is published as. */
record OutboxRow(long id, UUID eventId, String topic, String key, String type, String source, Instant occurredAt,
        String payload) {

    private static final Map<String, URI> SOURCES = new ConcurrentHashMap<>();

    /** Reads the row at the result set's cursor. */
    static OutboxRow of(ResultSet rs) throws SQLException {
        return new OutboxRow(rs.getLong("id"), rs.getObject("event_id", UUID.class), rs.getString("topic"),
                rs.getString("event_key"), rs.getString("event_type"), rs.getString("event_source"),
                rs.getTimestamp("occurred_at").toInstant(), rs.getString("payload"));
    }

    /** Returns the record to send: keyed by the subject, with the CloudEvents attributes as {@code ce_} headers. */
    ProducerRecord<String, byte[]> toRecord() {
        CloudEvent event = CloudEventBuilder.v1()
                .withId(eventId.toString())
                .withType(type)
                .withSource(SOURCES.computeIfAbsent(source, URI::create))
                .withSubject(key)
                .withTime(occurredAt.atOffset(ZoneOffset.UTC))
                .withData("application/json", payload.getBytes(StandardCharsets.UTF_8))
                .build();
        return KafkaMessageFactory.createWriter(topic, null, null, key).writeBinary(event);
    }
}
