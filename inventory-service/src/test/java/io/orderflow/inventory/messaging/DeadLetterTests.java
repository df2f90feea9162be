package io.orderflow.inventory.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

import io.orderflow.messaging.kafka.DeadLetterTopics;
import io.orderflow.testsupport.TopicRecorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeadLetterTests extends OrderEventsIntegration {

    private static final String DEAD_LETTERS = DeadLetterTopics.of(OrderEventsListener.ORDER_EVENTS);

    @RegisterExtension
    static final TopicRecorder recorder = TopicRecorder.recording(OutboxStockEvents.INVENTORY_EVENTS, DEAD_LETTERS);

    @Autowired
    private MeterRegistry meters;

    @Test
    void deadLettersRecordsThatBreakTheContractAndGoesOnWithTheNextOnTheirPartition() {
        String sku = product("2.00", 10);
        UUID order = UUID.randomUUID();

        RecordMetadata notJson = orderEvents.send(OrderEventsTopic.withBody(UUID.randomUUID(), order,
                "{not json".getBytes(StandardCharsets.UTF_8))).join();
        RecordMetadata zeroQuantity = orderEvents.placeOrder(UUID.randomUUID(), order, Map.of(sku, 0));
        RecordMetadata valid = orderEvents.placeOrder(UUID.randomUUID(), order, Map.of(sku, 1));

        assertThat(valid.partition()).isEqualTo(notJson.partition()).isEqualTo(zeroQuantity.partition());
        List<ConsumerRecord<String, byte[]>> deadLetters = await().atMost(Duration.ofSeconds(30)).until(
                () -> recorder.records(record -> record.topic().equals(DEAD_LETTERS)
                        && order.toString().equals(record.key())), records -> records.size() == 2);
        assertThat(deadLetters).allSatisfy(deadLetter -> {
            assertThat(TopicRecorder.header(deadLetter, DeadLetterTopics.REASON_HEADER))
                    .isEqualTo("contract-violation");
            assertThat(deadLetter.partition()).isEqualTo(notJson.partition());
        });
        assertThat(deadLetters).extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
                .first().isEqualTo("{not json");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> recorder.records(order.toString(), "io.orderflow.StockReserved"), r -> r.size() == 1);
        assertThat(catalogue.find(sku).orElseThrow().reserved()).isEqualTo(1);
    }

    @Test
    void deadLettersAnEventTypeNoContractDefinesAndCountsTheTypesItLeavesToOthers() {
        UUID order = UUID.randomUUID();
        double skippedBefore = skipped("io.orderflow.OrderConfirmed");
        var shipped = OrderEventsTopic.example("OrderPlaced", UUID.randomUUID(), order, Map.of());
        shipped.headers().remove("ce_type");
        shipped.headers().add("ce_type", "io.orderflow.OrderShipped".getBytes(StandardCharsets.UTF_8));

        orderEvents.send(shipped).join();
        orderEvents.send(OrderEventsTopic.example("OrderConfirmed", UUID.randomUUID(), order, Map.of())).join();

        ConsumerRecord<String, byte[]> deadLetter = await().atMost(Duration.ofSeconds(30)).until(
                () -> recorder.records(record -> record.topic().equals(DEAD_LETTERS)
                        && order.toString().equals(record.key())), records -> records.size() == 1).getFirst();
        assertThat(TopicRecorder.header(deadLetter, DeadLetterTopics.REASON_HEADER)).isEqualTo("unknown-type");
        assertThat(TopicRecorder.header(deadLetter, "ce_type")).isEqualTo("io.orderflow.OrderShipped");
        await().atMost(Duration.ofSeconds(30)).until(() -> skipped("io.orderflow.OrderConfirmed") > skippedBefore);
    }

    @Test
    void deadLettersAnEventFromAProducerOtherThanOrderServiceAndReservesNothing() {
        UUID order = UUID.randomUUID();
        var forged = OrderEventsTopic.example("OrderPlaced", UUID.randomUUID(), order, Map.of());
        forged.headers().remove("ce_source");
        forged.headers().add("ce_source", "/inventory-service".getBytes(StandardCharsets.UTF_8));

        orderEvents.send(forged).join();

        ConsumerRecord<String, byte[]> deadLetter = await().atMost(Duration.ofSeconds(30)).until(
                () -> recorder.records(record -> record.topic().equals(DEAD_LETTERS)
                        && order.toString().equals(record.key())), records -> records.size() == 1).getFirst();
        assertThat(TopicRecorder.header(deadLetter, DeadLetterTopics.REASON_HEADER)).isEqualTo("untrusted-source");
        assertThat(recorder.records(record -> record.topic().equals("inventory-events")
                && order.toString().equals(record.key()))).isEmpty();
    }

    private double skipped(String type) {
        var counter = meters.find("orderflow.messaging.events.skipped").tags("type", type).counter();
        return counter == null ? 0 : counter.count();
    }
}
