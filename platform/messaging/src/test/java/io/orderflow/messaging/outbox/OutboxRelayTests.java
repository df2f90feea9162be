package io.orderflow.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

import io.orderflow.messaging.MessagingDatabase;
import io.orderflow.messaging.TestRelays;
import io.orderflow.testsupport.TopicRecorder;

class OutboxRelayTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    final MessagingDatabase database = new MessagingDatabase();

    @RegisterExtension
    final TestRelays relays = new TestRelays(database);

    private final String topic = "relay-test-" + UUID.randomUUID();

    @Test
    void twoRelaysPublishEachOrdersEventsInTheOrderTheyHappenedEvenWhenTheLeaderStops() throws Exception {
        try (TopicRecorder recorder = TopicRecorder.record(topic)) {
            OutboxRelay first = startRelay();
            OutboxRelay second = startRelay();
            int orders = 20;
            int eventsPerOrder = 30;
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<?>> writing = new ArrayList<>();
            for (int order = 0; order < orders; order++) {
                String orderId = "order-" + order;
                // each order's events are written one transaction after the other, as a saga writes them
                writing.add(writers.submit(() -> {
                    for (int sequence = 0; sequence < eventsPerOrder; sequence++) {
                        addInOwnTransaction(second, orderId, sequence);
                    }
                }));
            }
            Thread.sleep(200);
            first.stop();
            OutboxRelay third = startRelay();
            for (Future<?> future : writing) {
                future.get();
            }
            writers.shutdown();
            third.wakeUp();

            await().atMost(Duration.ofSeconds(60)).until(() -> pending() == 0
                    && distinctEventIds(recorder.records()) == orders * eventsPerOrder);

            Map<String, List<Integer>> firstSightings = firstSightingsByOrder(recorder.records());
            assertThat(firstSightings).hasSize(orders);
            firstSightings.values().forEach(sequences -> assertThat(sequences).isSorted().hasSize(eventsPerOrder));
        }
    }

    @Test
    void leavesRowsInTheOutboxWhileItIsPaused() throws Exception {
        try (TopicRecorder recorder = TopicRecorder.record(topic)) {
            OutboxRelay relay = pausedRelay();
            addInOwnTransaction(relay, "order-1", 0);
            Thread.sleep(300);
            assertThat(pending()).isEqualTo(1);

            relay.resume();
            await().atMost(Duration.ofSeconds(30)).until(() -> pending() == 0 && recorder.records().size() == 1);
            ConsumerRecord<String, byte[]> record = recorder.records().getFirst();
            assertThat(record.key()).isEqualTo("order-1");
            assertThat(new String(record.headers().lastHeader("ce_subject").value(), StandardCharsets.UTF_8))
                    .isEqualTo("order-1");
        }
    }

    @Test
    void parksAnEventKafkaKeepsRefusingSoThatTheEventsBehindItFlowAndSendsItWhenAnOperatorRetries() throws Exception {
        try (TopicRecorder recorder = TopicRecorder.record(topic)) {
            OutboxRelay relay = pausedRelay();
            addInOwnTransaction(relay, "order-1", 0);
            // larger than the producer's max.request.size (1 MiB): Kafka refuses it, and will every time
            addInOwnTransaction(relay, "order-2", "x".repeat(1_100_000));
            addInOwnTransaction(relay, "order-3", 0);

            relay.resume();
            await().atMost(Duration.ofSeconds(60)).until(() -> pending() == 0 && relay.parkedCount() == 1);
            assertThat(recorder.records()).extracting(ConsumerRecord::key).contains("order-1", "order-3")
                    .doesNotContain("order-2");
            JdbcTemplate jdbc = database.jdbc();
            assertThat(jdbc.queryForMap("SELECT event_key, attempts, last_error FROM outbox_parked"))
                    .containsEntry("event_key", "order-2").containsEntry("attempts", 3)
                    .hasEntrySatisfying("last_error", error -> assertThat((String) error)
                            .contains("RecordTooLargeException"));

            // the operator fixes the event, then sends it again
            jdbc.update("UPDATE outbox_parked SET payload = '{\"sequence\": 0}'");
            assertThat(relay.retryParked()).isEqualTo(1);
            relay.wakeUp();
            await().atMost(Duration.ofSeconds(30)).until(() -> pending() == 0
                    && recorder.records().stream().anyMatch(record -> record.key().equals("order-2")));
            assertThat(relay.parkedCount()).isZero();
        }
    }

    private OutboxRelay startRelay() {
        return relays.start(Duration.ofMillis(50), 3);
    }

    private OutboxRelay pausedRelay() {
        OutboxRelay relay = startRelay();
        relay.pause();
        return relay;
    }

    private void addInOwnTransaction(OutboxRelay relay, String orderId, Object sequence) {
        JdbcOutbox outbox = new JdbcOutbox(database.jdbc(), JSON, "/relay-test", Clock.systemUTC(),
                relay);
        database.transactions().executeWithoutResult(status ->
                outbox.add(new OutgoingEvent(topic, "io.orderflow.Test", orderId, Map.of("sequence", sequence))));
    }

    private long pending() {
        Long count = database.jdbc().queryForObject("SELECT count(*) FROM outbox_event", Long.class);
        return count == null ? -1 : count;
    }

    private static long distinctEventIds(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(record -> new String(record.headers().lastHeader("ce_id").value(),
                StandardCharsets.UTF_8)).distinct().count();
    }

    /** Returns each order's sequence numbers in the order they were first seen: re-sent duplicates count once. */
    private static Map<String, List<Integer>> firstSightingsByOrder(List<ConsumerRecord<String, byte[]>> records) {
        Set<String> seen = new HashSet<>();
        Map<String, List<Integer>> sequences = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            String eventId = new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
            if (seen.add(eventId)) {
                int sequence = JSON.readTree(record.value()).path("sequence").asInt();
                sequences.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(sequence);
            }
        }
        return sequences;
    }
}
