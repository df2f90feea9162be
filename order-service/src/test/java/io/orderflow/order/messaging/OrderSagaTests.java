package io.orderflow.order.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.transaction.support.TransactionTemplate;

import io.orderflow.order.OrderServiceTest;
import io.orderflow.order.order.Order;
import io.orderflow.order.order.OrderLine;
import io.orderflow.order.order.OrderService;
import io.orderflow.order.order.OrderStatus;
import io.orderflow.order.order.PlaceOrder;
import io.orderflow.testsupport.EventContracts;
import io.orderflow.testsupport.EventContracts.GoldenRecord;
import io.orderflow.testsupport.TopicRecorder;

@OrderServiceTest
class OrderSagaTests {

    @RegisterExtension
    static final TopicRecorder recorder = TopicRecorder.recording("order-events", "inventory-events.DLT");

    @Autowired
    OrderService orders;

    @Autowired
    MeterRegistry meters;

    @Autowired
    KafkaTemplate<String, byte[]> kafka;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MockMvcTester mvc;

    @Test
    void confirmsAnOrderWithCatalogPricesWhenEveryLineIsReserved() {
        Order order = placeOrder("c-confirm");

        send(inventoryAnswer("StockReserved", order));

        Order confirmed = awaitStatus(order, OrderStatus.CONFIRMED);
        assertThat(confirmed.total()).isEqualByComparingTo("29.99");
        assertThat(confirmed.lines()).extracting(OrderLine::unitPrice).doesNotContainNull();
        EventContracts.assertConforms(awaitEvent(order, "io.orderflow.OrderConfirmed"));
        assertThat(meters.get("orderflow.orders.placed").counter().count()).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                meters.get("orderflow.orders.outcome").tag("outcome", "CONFIRMED").timer().count())
                .isGreaterThanOrEqualTo(1));
    }

    @Test
    void rejectsAnOrderAndSaysWhichSkusWereShort() {
        Order order = placeOrder("c-reject");

        send(inventoryAnswer("StockReservationFailed", order));

        Order rejected = awaitStatus(order, OrderStatus.REJECTED);
        assertThat(rejected.rejectionReason()).contains("SKU-7: requested 1, available 0")
                .contains("NOPE-1: unknown sku");
        EventContracts.assertConforms(awaitEvent(order, "io.orderflow.OrderRejected"));
    }

    @Test
    void aRejectedOrderCannotBeCancelled() {
        Order order = placeOrder("c-reject-cancel");
        send(inventoryAnswer("StockReservationFailed", order));
        awaitStatus(order, OrderStatus.REJECTED);

        var result = mvc.post().uri("/api/orders/{id}/cancel", order.id()).exchange();

        assertThat(result).hasStatus(HttpStatus.CONFLICT);
        assertThat(result).contentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(orders.find(order.id()).status()).isEqualTo(OrderStatus.REJECTED);
    }

    @Test
    void aRedeliveredInventoryEventChangesNothing() {
        Order order = placeOrder("c-duplicate");
        GoldenRecord reserved = inventoryAnswer("StockReserved", order);

        send(reserved);
        Order confirmed = awaitStatus(order, OrderStatus.CONFIRMED);
        send(reserved);
        Order marker = placeOrder("c-duplicate-marker");
        send(inventoryAnswer("StockReserved", marker));
        awaitStatus(marker, OrderStatus.CONFIRMED);

        assertThat(orders.find(order.id()).updatedAt()).isEqualTo(confirmed.updatedAt());
        assertThat(recorder.records(id(order), "io.orderflow.OrderConfirmed")).hasSize(1);
        String eventId = new String(reserved.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbox_event WHERE event_id = ?::uuid", Long.class,
                eventId)).isEqualTo(1);
    }

    @Test
    void cancellingAConfirmedOrderAnnouncesWhatWasCancelled() {
        Order order = placeOrder("c-cancel");
        send(inventoryAnswer("StockReserved", order));
        awaitStatus(order, OrderStatus.CONFIRMED);

        orders.cancel(order.id());

        ConsumerRecord<String, byte[]> cancelled = awaitEvent(order, "io.orderflow.OrderCancelled");
        EventContracts.assertConforms(cancelled);
        assertThat(new String(cancelled.value(), StandardCharsets.UTF_8))
                .contains("\"previousStatus\":\"CONFIRMED\"").contains("\"total\":29.99");
    }

    @Test
    void aMalformedRecordIsDeadLetteredAndThePartitionKeepsFlowing() {
        Order order = placeOrder("c-poison");
        String poisonKey = UUID.randomUUID().toString();
        kafka.send(new ProducerRecord<>("inventory-events", 0, poisonKey, "{ not json".getBytes(StandardCharsets.UTF_8)));
        sendToPartitionZero(inventoryAnswer("StockReserved", order));

        awaitStatus(order, OrderStatus.CONFIRMED);
        ConsumerRecord<String, byte[]> deadLetter = await().atMost(Duration.ofSeconds(20)).until(
                () -> recorder.records(r -> r.topic().equals("inventory-events.DLT") && poisonKey.equals(r.key())),
                list -> !list.isEmpty()).getFirst();
        assertThat(deadLetter.partition()).isZero();
        assertThat(TopicRecorder.header(deadLetter, "orderflow-dlt-reason")).isEqualTo("contract-violation");
        assertThat(TopicRecorder.header(deadLetter, "kafka_dlt-exception-message")).contains("CloudEvent");
        assertThat(TopicRecorder.header(deadLetter, "kafka_dlt-original-consumer-group")).isEqualTo("order-service");
        assertThat(meters.get("orderflow.messaging.dead.letters").tag("reason", "contract-violation").counter()
                .count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aPollWithAPoisonRecordAppliesEveryOtherRecordOnceAndDeadLettersOnlyThePoison(
            @Autowired KafkaListenerEndpointRegistry listeners) {
        Order first = placeOrder("c-batch-first");
        Order second = placeOrder("c-batch-second");
        GoldenRecord firstReserved = inventoryAnswer("StockReserved", first);
        GoldenRecord secondReserved = inventoryAnswer("StockReserved", second);
        String poisonKey = UUID.randomUUID().toString();
        MessageListenerContainer listener = listeners.getListenerContainer("inventory-events-listener");

        listener.pause();
        await().atMost(Duration.ofSeconds(20)).until(listener::isContainerPaused);
        sendToPartitionZero(firstReserved);
        kafka.send(new ProducerRecord<>("inventory-events", 0, poisonKey, "{ not json".getBytes(StandardCharsets.UTF_8)));
        sendToPartitionZero(secondReserved);
        sendToPartitionZero(firstReserved);
        kafka.flush();
        listener.resume();

        awaitStatus(first, OrderStatus.CONFIRMED);
        awaitStatus(second, OrderStatus.CONFIRMED);
        await().atMost(Duration.ofSeconds(20)).until(
                () -> recorder.records(r -> r.topic().equals("inventory-events.DLT") && poisonKey.equals(r.key())),
                list -> list.size() == 1);
        assertThat(recorder.records(id(first), "io.orderflow.OrderConfirmed")).hasSize(1);
        assertThat(recorder.records(id(second), "io.orderflow.OrderConfirmed")).hasSize(1);
        assertThat(recorder.records(r -> r.topic().equals("inventory-events.DLT") && !poisonKey.equals(r.key())
                && (id(first).equals(r.key()) || id(second).equals(r.key())))).isEmpty();
    }

    @Test
    void aTransactionThatFailsTransientlyIsRetriedUntilItCommitsAndNeverDeadLettered() throws Exception {
        Order order = placeOrder("c-locked");
        GoldenRecord reserved = inventoryAnswer("StockReserved", order);
        var lockHeld = new java.util.concurrent.CountDownLatch(1);
        var releaseLock = new java.util.concurrent.CountDownLatch(1);
        Thread locker = Thread.ofPlatform().start(() -> transactions.executeWithoutResult(status -> {
            jdbc.queryForList("SELECT id FROM customer_order WHERE id = ? FOR UPDATE", order.id());
            lockHeld.countDown();
            await().atMost(Duration.ofSeconds(60)).until(() -> releaseLock.getCount() == 0);
        }));
        lockHeld.await();

        send(reserved);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%customer_order%'",
                Long.class) > 0);
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ofSeconds(6))
                .until(() -> orders.find(order.id()).status() == OrderStatus.PENDING);
        releaseLock.countDown();
        locker.join();

        awaitStatus(order, OrderStatus.CONFIRMED);
        assertThat(recorder.records(r -> r.topic().equals("inventory-events.DLT") && id(order).equals(r.key())))
                .isEmpty();
    }

    private Order placeOrder(String customer) {
        return orders.place(request(customer + "-" + UUID.randomUUID()), null);
    }

    private static PlaceOrder request(String customer) {
        return new PlaceOrder(customer, "ann@example.com", List.of(new OrderLine("SKU-1", 2), new OrderLine("SKU-7", 1)));
    }

    private void sendToPartitionZero(GoldenRecord record) {
        kafka.send(new ProducerRecord<>("inventory-events", 0, record.key(), record.value(), record.headers()));
    }

    private void send(GoldenRecord record) {
        kafka.send(new ProducerRecord<>("inventory-events", null, record.key(), record.value(), record.headers()));
    }

    private Order awaitStatus(Order order, OrderStatus status) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> orders.find(order.id()),
                current -> current.status() == status);
    }

    private static ConsumerRecord<String, byte[]> awaitEvent(Order order, String type) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> recorder.records(id(order), type), list -> !list.isEmpty()).getFirst();
    }

    /** Builds the golden example of an inventory event of {@code type} that answers {@code order}, with a new id. */
    private static GoldenRecord inventoryAnswer(String type, Order order) {
        return EventContracts.exampleRecord(type, UUID.randomUUID().toString(), id(order), Map.of());
    }

    private static String id(Order order) {
        return order.id().toString();
    }
}
