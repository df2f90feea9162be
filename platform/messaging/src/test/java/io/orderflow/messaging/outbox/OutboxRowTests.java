package io.orderflow.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class OutboxRowTests {

    @Test
    void becomesABinaryModeCloudEventKeyedByItsSubject() {
        UUID eventId = UUID.randomUUID();
        OutboxRow row = new OutboxRow(7, eventId, "order-events", "order-1", "io.orderflow.OrderPlaced",
                "/order-service", Instant.parse("2026-01-02T03:04:05Z"), "{\"orderId\":\"order-1\"}");

        ProducerRecord<String, byte[]> record = row.toRecord();

        assertThat(record.topic()).isEqualTo("order-events");
        assertThat(record.key()).isEqualTo("order-1");
        assertThat(record.partition()).isNull();
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"orderId\":\"order-1\"}");
        assertThat(header(record, "ce_id")).isEqualTo(eventId.toString());
        assertThat(header(record, "ce_type")).isEqualTo("io.orderflow.OrderPlaced");
        assertThat(header(record, "ce_source")).isEqualTo("/order-service");
        assertThat(header(record, "ce_subject")).isEqualTo("order-1");
        assertThat(header(record, "ce_time")).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(header(record, "content-type")).isEqualTo("application/json");
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
