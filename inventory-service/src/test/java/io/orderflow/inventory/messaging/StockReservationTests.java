package io.orderflow.inventory.messaging;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.orderflow.inventory.product.Product;
import io.orderflow.testsupport.EventContracts;
import io.orderflow.testsupport.TopicRecorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

class StockReservationTests extends OrderEventsIntegration {

    private static final String RESERVED = "io.orderflow.StockReserved";
    private static final String FAILED = "io.orderflow.StockReservationFailed";
    private static final String RELEASED = "io.orderflow.StockReleased";

    @RegisterExtension
    static final TopicRecorder inventoryEvents = TopicRecorder.recording(OutboxStockEvents.INVENTORY_EVENTS);

    @Autowired
    private JsonMapper json;

    @AfterAll
    static void everyEventPublishedConformsToItsContract() throws InterruptedException {
        assertThat(inventoryEvents.records()).isNotEmpty().allSatisfy(EventContracts::assertConforms);
    }

    @Test
    void reservesEveryLineOfAMultiLineOrder() {
        String mug = product("12.50", 10);
        String plate = product("4.99", 5);

        UUID order = orderEvents.placeNewOrder(lines(mug, 2, plate, 1));

        JsonNode reserved = body(awaitOne(order, RESERVED));
        assertThat(reserved.path("currency").asString()).isEqualTo("EUR");
        assertThat(linesOf(reserved)).containsOnly(
                entry(mug, "2 x 12.5"), entry(plate, "1 x 4.99"));
        assertThat(stock(mug)).isEqualTo(new long[] { 8, 2 });
        assertThat(stock(plate)).isEqualTo(new long[] { 4, 1 });
        assertThat(ledgerStatus(order)).isEqualTo("RESERVED");
    }

    @Test
    void rejectsTheWholeOrderAndReservesNothingWhenOneLineIsShort() {
        String mug = product("12.50", 10);
        String plate = product("4.99", 1);

        UUID order = orderEvents.placeNewOrder(lines(mug, 2, plate, 3));

        assertShortOfOneLine(body(awaitOne(order, FAILED)), plate, 3, 1, false);
        assertThat(stock(mug)).isEqualTo(new long[] { 10, 0 });
        assertThat(stock(plate)).isEqualTo(new long[] { 1, 0 });
        assertThat(reservationCount(order)).isZero();
    }

    @Test
    void rejectsAnOrderForAnUnknownSku() {
        String mug = product("12.50", 10);
        String unknown = "NOPE-" + UUID.randomUUID();

        UUID order = orderEvents.placeNewOrder(lines(mug, 1, unknown, 1));

        assertShortOfOneLine(body(awaitOne(order, FAILED)), unknown, 1, 0, true);
        assertThat(stock(mug)).isEqualTo(new long[] { 10, 0 });
    }

    @Test
    void reservesAndAnswersOnceWhenThePlacementIsDeliveredTwice() {
        String mug = product("12.50", 10);
        UUID order = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();

        var first = orderEvents.placeOrder(eventId, order, lines(mug, 3));
        var again = orderEvents.placeOrder(eventId, order, lines(mug, 3));

        orderEvents.awaitConsumed(first, again);
        awaitOnlyOne(order, RESERVED);
        assertThat(stock(mug)).isEqualTo(new long[] { 7, 3 });
    }

    @Test
    void reservesAndAnswersOnceWhenThePlacementComesAgainUnderAnotherEventId() {
        String mug = product("12.50", 10);
        UUID order = UUID.randomUUID();

        var first = orderEvents.placeOrder(UUID.randomUUID(), order, lines(mug, 3));
        var again = orderEvents.placeOrder(UUID.randomUUID(), order, lines(mug, 3));

        orderEvents.awaitConsumed(first, again);
        awaitOnlyOne(order, RESERVED);
        assertThat(stock(mug)).isEqualTo(new long[] { 7, 3 });
        assertThat(reservationCount(order)).isEqualTo(1);
    }

    @Test
    void releasesOnceWhenTheCancellationIsDeliveredTwice() {
        String mug = product("12.50", 10);
        String plate = product("4.99", 5);
        UUID order = orderEvents.placeNewOrder(lines(mug, 2, plate, 1));
        awaitOne(order, RESERVED);

        UUID cancellation = UUID.randomUUID();
        var first = orderEvents.cancelOrder(cancellation, order);
        var sameEvent = orderEvents.cancelOrder(cancellation, order);
        var otherEvent = orderEvents.cancelOrder(UUID.randomUUID(), order);

        orderEvents.awaitConsumed(first, sameEvent, otherEvent);
        JsonNode released = body(awaitOnlyOne(order, RELEASED));
        assertThat(linesOf(released)).containsOnly(entry(mug, "2"), entry(plate, "1"));
        assertThat(stock(mug)).isEqualTo(new long[] { 10, 0 });
        assertThat(stock(plate)).isEqualTo(new long[] { 5, 0 });
        assertThat(ledgerStatus(order)).isEqualTo("RELEASED");
    }

    @Test
    void remembersACancellationThatOvertakesThePlacementAndReservesNothingLater() {
        String mug = product("12.50", 10);
        UUID order = UUID.randomUUID();

        var cancel = orderEvents.cancelOrder(UUID.randomUUID(), order);
        orderEvents.awaitConsumed(cancel);
        assertThat(ledgerStatus(order)).isEqualTo("CANCELLED_BEFORE_PLACEMENT");
        var placement = orderEvents.placeOrder(UUID.randomUUID(), order, lines(mug, 4));
        var placementAgain = orderEvents.placeOrder(UUID.randomUUID(), order, lines(mug, 4));
        var cancelAgain = orderEvents.cancelOrder(UUID.randomUUID(), order);

        orderEvents.awaitConsumed(placement, placementAgain, cancelAgain);
        JsonNode failed = body(awaitOnlyOne(order, FAILED));
        assertThat(failed.path("reason").asString()).isEqualTo("ORDER_CANCELLED");
        assertThat(failed.path("shortages")).isEmpty();
        assertThat(inventoryEvents.records(order.toString(), RELEASED)).isEmpty();
        assertThat(stock(mug)).isEqualTo(new long[] { 10, 0 });
        assertThat(ledgerStatus(order)).isEqualTo("REJECTED");
    }

    @Test
    void answersAPlacementThatLostTheRaceForItsOrderToAnotherInstancesCancellation(
            @Autowired DataSource dataSource) throws Exception {
        String mug = product("12.50", 10);
        UUID order = UUID.randomUUID();

        try (Connection otherInstance = dataSource.getConnection()) {
            // another instance has recorded the order's cancellation and not committed it yet
            otherInstance.setAutoCommit(false);
            try (PreparedStatement cancel = otherInstance.prepareStatement(
                    "INSERT INTO order_ledger (order_id, status) VALUES (?, 'CANCELLED_BEFORE_PLACEMENT')")) {
                cancel.setObject(1, order);
                cancel.executeUpdate();
            }
            orderEvents.placeOrder(UUID.randomUUID(), order, lines(mug, 4));
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO order_ledger%'""")
                    .query(Long.class).single() > 0);
            otherInstance.commit();
        }

        JsonNode failed = body(awaitOnlyOne(order, FAILED));
        assertThat(failed.path("reason").asString()).isEqualTo("ORDER_CANCELLED");
        assertThat(stock(mug)).isEqualTo(new long[] { 10, 0 });
        assertThat(ledgerStatus(order)).isEqualTo("REJECTED");
    }

    @Test
    void readsTheGoldenExamplesAndToleratesFieldsItDoesNotKnow() {
        // the golden OrderPlaced orders SKU-1 x2 and SKU-7 x1
        for (String sku : List.of("SKU-1", "SKU-7")) {
            catalogue.add(sku, "Golden " + sku, new BigDecimal("3.00"), 1_000_000);
        }
        UUID order = UUID.randomUUID();
        Product before = catalogue.find("SKU-1").orElseThrow();

        orderEvents.send(OrderEventsTopic.example("OrderPlaced", UUID.randomUUID(), order,
                Map.of("loyaltyTier", "gold"))).join();
        awaitOne(order, RESERVED);
        orderEvents.send(OrderEventsTopic.example("OrderCancelled", UUID.randomUUID(), order,
                Map.of("cancelledBy", "customer"))).join();

        awaitOne(order, RELEASED);
        assertThat(catalogue.find("SKU-1").orElseThrow().available()).isEqualTo(before.available());
    }

    @Test
    void skipsOrderEventsItDoesNotHandle() {
        UUID order = UUID.randomUUID();

        var confirmed = orderEvents.send(OrderEventsTopic.example("OrderConfirmed", UUID.randomUUID(), order,
                Map.of())).join();
        var rejected = orderEvents.send(OrderEventsTopic.example("OrderRejected", UUID.randomUUID(), order,
                Map.of())).join();

        orderEvents.awaitConsumed(confirmed, rejected);
        assertThat(ledgerStatus(order)).isNull();
        assertThat(inventoryEvents.records(record -> order.toString().equals(record.key()))).isEmpty();
    }

    /** Asserts that a StockReservationFailed rejects the order for insufficient stock of one line, as given. */
    private static void assertShortOfOneLine(JsonNode failed, String sku, int requested, long available,
            boolean unknownSku) {
        assertThat(failed.path("reason").asString()).isEqualTo("INSUFFICIENT_STOCK");
        assertThat(failed.path("shortages")).hasSize(1);
        JsonNode shortage = failed.path("shortages").get(0);
        assertThat(shortage.path("sku").asString()).isEqualTo(sku);
        assertThat(shortage.path("requested").asInt()).isEqualTo(requested);
        assertThat(shortage.path("available").asLong()).isEqualTo(available);
        assertThat(shortage.path("unknownSku").asBoolean()).isEqualTo(unknownSku);
    }

    /** Returns an event's lines as sku to "quantity" or "quantity x unitPrice". */
    private static Map<String, String> linesOf(JsonNode body) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (JsonNode line : body.path("lines")) {
            JsonNode price = line.path("unitPrice");
            lines.put(line.path("sku").asString(), line.path("quantity").asInt()
                    + (price.isMissingNode() ? "" : " x " + price.decimalValue().stripTrailingZeros().toPlainString()));
        }
        return lines;
    }

    private static Map<String, Integer> lines(Object... skuAndQuantity) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (int i = 0; i < skuAndQuantity.length; i += 2) {
            lines.put((String) skuAndQuantity[i], (Integer) skuAndQuantity[i + 1]);
        }
        return lines;
    }

    private long[] stock(String sku) {
        Product product = catalogue.find(sku).orElseThrow();
        return new long[] { product.available(), product.reserved() };
    }

    private String ledgerStatus(UUID order) {
        return jdbc.sql("SELECT status FROM order_ledger WHERE order_id = ?").param(order).query(String.class)
                .optional().orElse(null);
    }

    private long reservationCount(UUID order) {
        return jdbc.sql("SELECT count(*) FROM reservation WHERE order_id = ?").param(order).query(Long.class).single();
    }

    private static ConsumerRecord<String, byte[]> awaitOne(UUID order, String type) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> inventoryEvents.records(order.toString(), type), records -> !records.isEmpty())
                .getFirst();
    }

    /** Waits for an answer, then makes sure no second one follows once the outbox is drained. */
    private ConsumerRecord<String, byte[]> awaitOnlyOne(UUID order, String type) {
        ConsumerRecord<String, byte[]> answer = awaitOne(order, type);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT count(*) FROM outbox_event WHERE event_key = ?").param(order.toString())
                .query(Long.class).single() == 0);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> inventoryEvents.records(order.toString(), type).size() == 1);
        return answer;
    }

    private JsonNode body(ConsumerRecord<String, byte[]> record) {
        EventContracts.assertConforms(record);
        return json.readTree(record.value());
    }
}
