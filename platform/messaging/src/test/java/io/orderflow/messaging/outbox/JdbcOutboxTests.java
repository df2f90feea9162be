package io.orderflow.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import io.orderflow.messaging.MessagingDatabase;
import io.orderflow.messaging.TestRelays;
import io.orderflow.testsupport.TopicRecorder;

class JdbcOutboxTests {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

    @RegisterExtension
    final MessagingDatabase database = new MessagingDatabase();

    @RegisterExtension
    final TestRelays relays = new TestRelays(database);

    /** Polls once a minute: an event that leaves sooner was announced by the outbox's wake-up. */
    private final OutboxRelay relay = relays.create(Duration.ofMinutes(1), 3);
    private final JdbcOutbox outbox = new JdbcOutbox(database.jdbc(), JsonMapper.builder().build(), "/outbox-test",
            Clock.fixed(NOW, ZoneOffset.UTC), relay);
    private final String topic = "outbox-test-" + UUID.randomUUID();

    @Test
    void writesTheEventsOfOneCallInTheirOrderWithTheServicesSourceAndTime() {
        database.transactions().executeWithoutResult(status -> outbox.addAll(List.of(
                new OutgoingEvent(topic, "io.orderflow.OrderPlaced", "order-1", Map.of("orderId", "order-1")),
                new OutgoingEvent(topic, "io.orderflow.OrderConfirmed", "order-1", Map.of("orderId", "order-1")),
                new OutgoingEvent("other-" + topic, "io.orderflow.OrderPlaced", "order-2", Map.of("n", 2)))));

        List<Map<String, Object>> rows = database.jdbc().queryForList("""
                SELECT event_id, topic, event_key, event_type, event_source, occurred_at, payload, attempts
                FROM outbox_event ORDER BY id""");
        assertThat(rows).extracting(row -> row.get("event_type")).containsExactly("io.orderflow.OrderPlaced",
                "io.orderflow.OrderConfirmed", "io.orderflow.OrderPlaced");
        assertThat(rows).extracting(row -> row.get("event_key")).containsExactly("order-1", "order-1", "order-2");
        assertThat(rows.get(2)).containsEntry("topic", "other-" + topic).containsEntry("payload", "{\"n\":2}");
        assertThat(rows).allSatisfy(row -> {
            assertThat(row).containsEntry("event_source", "/outbox-test").containsEntry("attempts", 0);
            assertThat(((Timestamp) row.get("occurred_at")).toInstant()).isEqualTo(NOW);
            assertThat(((UUID) row.get("event_id")).version()).isEqualTo(7);
        });
    }

    @Test
    void writesNothingWhenTheTransactionRollsBack() {
        database.transactions().executeWithoutResult(status -> {
            outbox.add(new OutgoingEvent(topic, "io.orderflow.OrderPlaced", "order-1", Map.of("orderId", "order-1")));
            status.setRollbackOnly();
        });

        assertThat(database.jdbc().queryForObject("SELECT count(*) FROM outbox_event", Long.class)).isZero();
    }

    @Test
    void refusesAnEventOutsideTheTransactionOfTheStateChangeItAnnounces() {
        assertThatThrownBy(() -> outbox.add(new OutgoingEvent(topic, "io.orderflow.OrderPlaced", "order-1",
                Map.of("orderId", "order-1")))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void wakesTheRelayOnceTheTransactionCommits() throws Exception {
        try (TopicRecorder recorder = TopicRecorder.record(topic)) {
            relay.start();
            // the relay's first look finds nothing; it then waits for a wake-up or a minute
            await().atMost(Duration.ofSeconds(10)).until(() -> database.jdbc().queryForObject("""
                    SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'
                        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""",
                    Long.class) > 0);
            Thread.sleep(200);

            database.transactions().executeWithoutResult(status -> outbox.add(
                    new OutgoingEvent(topic, "io.orderflow.OrderPlaced", "order-1", Map.of("orderId", "order-1"))));

            await().atMost(Duration.ofSeconds(20)).until(() -> recorder.records().size() == 1);
            assertThat(recorder.records()).extracting(ConsumerRecord::key).containsExactly("order-1");
        }
    }
}
