package io.orderflow.inventory.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

import io.orderflow.inventory.product.Product;
import io.orderflow.testsupport.EventContracts;
import io.orderflow.testsupport.TopicRecorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ConcurrentReservationTests extends OrderEventsIntegration {

    private static final String RESERVED = "io.orderflow.StockReserved";
    private static final String FAILED = "io.orderflow.StockReservationFailed";

    @RegisterExtension
    static final TopicRecorder inventoryEvents = TopicRecorder.recording(OutboxStockEvents.INVENTORY_EVENTS,
            "order-events.DLT");

    @Test
    void listensWithSeveralConsumersAtOnce(@Autowired KafkaProperties kafka) {
        assertThat(kafka.getListener().getConcurrency()).isGreaterThan(1);
    }

    @Test
    void reservesExactlyTheStockThereIsWhen200OrdersCompeteFor50Items() {
        String sku = product("1.00", 50);
        List<UUID> orders = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> placements = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            UUID order = UUID.randomUUID();
            orders.add(order);
            placements.add(OrderEventsTopic.placement(UUID.randomUUID(), order, Map.of(sku, 1)));
        }

        sendAll(placements);

        Map<String, List<ConsumerRecord<String, byte[]>>> answers = awaitAnswers(orders, () -> {
            assertThat(catalogue.find(sku).orElseThrow().available()).isNotNegative();
        });
        assertThat(answers.get(RESERVED)).hasSize(50);
        assertThat(answers.get(FAILED)).hasSize(150);
        Product product = catalogue.find(sku).orElseThrow();
        assertThat(product.available()).isZero();
        assertThat(product.reserved()).isEqualTo(50);
        assertThat(reservedInRows(sku)).isEqualTo(50);
        assertThat(deadLetters(orders)).isEmpty();
    }

    @Test
    void neitherDeadlocksNorOversellsWhenMultiLineOrdersOverlap() {
        Map<String, Long> initial = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            initial.put(product("1.00", 30), 30L);
        }
        List<String> skus = new ArrayList<>(initial.keySet());
        long deadlocksBefore = deadlocks();
        Random random = new Random(42);
        List<UUID> orders = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> placements = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            List<String> shuffled = new ArrayList<>(skus);
            Collections.shuffle(shuffled, random);
            Map<String, Integer> lines = new LinkedHashMap<>();
            shuffled.subList(0, 2 + random.nextInt(2)).forEach(sku -> lines.put(sku, 1 + random.nextInt(3)));
            UUID order = UUID.randomUUID();
            orders.add(order);
            placements.add(OrderEventsTopic.placement(UUID.randomUUID(), order, lines));
        }

        sendAll(placements);

        Map<String, List<ConsumerRecord<String, byte[]>>> answers = awaitAnswers(orders, () -> { });
        assertThat(answers.get(RESERVED)).isNotEmpty();
        assertThat(answers.get(FAILED)).isNotEmpty();
        for (String sku : skus) {
            Product product = catalogue.find(sku).orElseThrow();
            assertThat(product.available()).isNotNegative();
            assertThat(product.available() + product.reserved()).as("stock of %s", sku).isEqualTo(initial.get(sku));
            assertThat(product.reserved()).as("reserved %s", sku).isEqualTo(reservedInRows(sku));
        }
        assertThat(deadLetters(orders)).isEmpty();
        assertThat(deadlocks()).isEqualTo(deadlocksBefore);
    }

    private void sendAll(List<ProducerRecord<String, byte[]>> records) {
        CompletableFuture.allOf(records.stream().map(orderEvents::send).toArray(CompletableFuture[]::new)).join();
    }

    /** Waits until every order has its one answer, checking {@code invariant} meanwhile; returns them by type. */
    private static Map<String, List<ConsumerRecord<String, byte[]>>> awaitAnswers(List<UUID> orders,
            Runnable invariant) {
        Set<String> keys = orders.stream().map(UUID::toString).collect(Collectors.toSet());
        List<ConsumerRecord<String, byte[]>> answers = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    invariant.run();
                    return inventoryEvents.records(record -> keys.contains(record.key())
                            && record.topic().equals(OutboxStockEvents.INVENTORY_EVENTS));
                }, records -> records.size() >= orders.size());
        assertThat(answers).hasSize(orders.size()).allSatisfy(EventContracts::assertConforms);
        assertThat(answers).extracting(ConsumerRecord::key).doesNotHaveDuplicates();
        return answers.stream().collect(Collectors.groupingBy(record -> TopicRecorder.header(record, "ce_type")));
    }

    private List<ConsumerRecord<String, byte[]>> deadLetters(List<UUID> orders) {
        Set<String> keys = orders.stream().map(UUID::toString).collect(Collectors.toSet());
        return inventoryEvents.records(record -> record.topic().endsWith(".DLT") && keys.contains(record.key()));
    }

    private long reservedInRows(String sku) {
        return jdbc.sql("""
                SELECT COALESCE(sum(r.quantity), 0) FROM reservation r JOIN order_ledger l USING (order_id)
                WHERE r.sku = ? AND l.status = 'RESERVED'""").param(sku).query(Long.class).single();
    }

    private long deadlocks() {
        return jdbc.sql("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
                .query(Long.class).single();
    }
}
