package io.orderflow.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import io.orderflow.harness.JsonClient;

/**
 * Runs {@code ./orderflow journey} against the local run's broker and PostgreSQL, holding what the services would
 * have written for a confirmed, a rejected, a cancelled, a dead-lettered and a timed-out order. Runs after
 * {@code package} (failsafe): the broker runs from the launcher's jar.
 */
class JourneyTests {

    private static final String ORDER_EVENTS = "order-events";
    private static final String INVENTORY_EVENTS = "inventory-events";
    private static final String ORDER = KafkaAccess.ORDER_SERVICE;
    private static final String INVENTORY = KafkaAccess.INVENTORY_SERVICE;
    private static final BigDecimal MUG = new BigDecimal("12.00");
    private static final BigDecimal BEANS = new BigDecimal("7.50");
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @TempDir
    static Path state;

    private static JourneyFixture fixture;

    @BeforeAll
    static void startTheLocalRunsBrokerAndDatabase() throws Exception {
        assumeTrue(JourneyFixture.launcherIsPackaged(),
                "the launcher's jar is missing: build from the project root (mvn verify)");
        fixture = JourneyFixture.start(state);
        fixture.sql("inventory", "INSERT INTO product (sku, name, unit_price, available, reserved, initial_stock) "
                + "VALUES ('SKU-1', 'Blue mug', 12.00, 8, 2, 10), ('SKU-2', 'Beans', 7.50, 0, 1, 1)");
    }

    @AfterAll
    static void stopThem() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void showsAConfirmedOrderWithItsEventsTheGroupsThatPassedThemItsReservationItsEmailAndItsTrace()
            throws Exception {
        // each test has a partition of its own: journey reads by time, and another test's records there could fall
        // into its window
        UUID id = JourneyFixture.orderOnPartition(1);
        Instant placed = Instant.now().minusSeconds(20);
        RecordMetadata earlier = null;
        for (int i = 0; i < 5; i++) {
            // other orders' events, half an hour earlier on the same partition: outside the window read
            earlier = fixture.publish(ORDER, ORDER_EVENTS, JourneyFixture.orderOnPartition(1).toString(),
                    "io.orderflow.OrderPlaced", placed.minus(Duration.ofMinutes(30)));
        }
        fixture.order(id, "CONFIRMED", null, null, placed, placed.plusMillis(300), "SKU-1", 2, MUG, "SKU-2", 1, BEANS);
        fixture.ledger(id, "RESERVED", null, placed.plusMillis(100), placed.plusMillis(100), "SKU-1", 2, MUG, "SKU-2",
                1, BEANS);
        fixture.notification(id, "ORDER_CONFIRMED", "SENT", 1, null, placed.plusMillis(400));
        RecordMetadata placedEvent = fixture.publish(ORDER, ORDER_EVENTS, id, "io.orderflow.OrderPlaced",
                placed.plusMillis(10), "traceparent", TRACEPARENT);
        RecordMetadata reserved = fixture.publish(INVENTORY, INVENTORY_EVENTS, id, "io.orderflow.StockReserved",
                placed.plusMillis(110), "traceparent", TRACEPARENT);
        RecordMetadata confirmed = fixture.publish(ORDER, ORDER_EVENTS, id, "io.orderflow.OrderConfirmed",
                placed.plusMillis(310), "traceparent", TRACEPARENT);
        fixture.commit("inventory-service", confirmed, confirmed.offset() + 1);
        fixture.commit("notification-service", confirmed, confirmed.offset() + 1);
        fixture.commit("order-service", reserved, reserved.offset() + 1);

        JourneyCommand.Journey journey = fixture.journey(id.toString(), "http://localhost:9411/zipkin/traces/{traceId}");
        String text = JourneyPrinter.text(journey);

        assertThat(journey.trail().events()).extracting(event -> event.headers().get("ce_type")).containsExactly(
                "io.orderflow.OrderPlaced", "io.orderflow.StockReserved", "io.orderflow.OrderConfirmed");
        String range = journey.trail().ranges().stream().filter(read -> read.startsWith("order-events/1@"))
                .findFirst().orElseThrow();
        assertThat(Long.parseLong(range.substring(range.indexOf('@') + 1, range.indexOf(".."))))
                .isGreaterThan(earlier.offset());
        assertThat(text).contains("Order " + id + "  CONFIRMED", "total 31.50 EUR",
                "order-events/1@" + placedEvent.offset(), "inventory-events/" + reserved.partition() + "@",
                "passed by inventory-service, notification-service", "passed by order-service",
                "sku=SKU-1 quantity=2 unit_price=12.00", "sku=SKU-2 available=0 reserved=1",
                "type=ORDER_CONFIRMED channel=EMAIL", "status=SENT attempts=1",
                "Trace 4bf92f3577b34da6a3ce929d0e0e4736  http://localhost:9411/zipkin/traces/"
                        + "4bf92f3577b34da6a3ce929d0e0e4736",
                "Outboxes: nothing of this order waits or is parked")
                .doesNotContain("NOT YET");
    }

    @Test
    void showsARejectedOrderAndThatNotificationServiceHasNotPassedItsRejectionYet() throws Exception {
        UUID id = JourneyFixture.orderOnPartition(2);
        Instant placed = Instant.now().minusSeconds(10);
        fixture.order(id, "REJECTED", "INSUFFICIENT_STOCK", null, placed, placed.plusMillis(200), "SKU-2", 5, BEANS);
        fixture.ledger(id, "REJECTED", "INSUFFICIENT_STOCK", placed.plusMillis(100), placed.plusMillis(100));
        fixture.publish(ORDER, ORDER_EVENTS, id, "io.orderflow.OrderPlaced", placed);
        RecordMetadata failed = fixture.publish(INVENTORY, INVENTORY_EVENTS, id,
                "io.orderflow.StockReservationFailed", placed.plusMillis(100));
        RecordMetadata rejected = fixture.publish(ORDER, ORDER_EVENTS, id, "io.orderflow.OrderRejected",
                placed.plusMillis(200));
        fixture.commit("order-service", failed, failed.offset() + 1);
        fixture.commit("inventory-service", rejected, rejected.offset() + 1);
        fixture.commit("notification-service", rejected, rejected.offset());

        String text = JourneyPrinter.text(fixture.journey(id.toString(), null));

        assertThat(text).contains("REJECTED (INSUFFICIENT_STOCK)", "io.orderflow.StockReservationFailed",
                "NOT YET passed by notification-service", "status=REJECTED rejection_reason=INSUFFICIENT_STOCK",
                "reservations  none", "notifications none", "Trace: no trace");
        assertThat(text.indexOf("io.orderflow.OrderPlaced")).isLessThan(text.indexOf("StockReservationFailed"));
        assertThat(text.indexOf("StockReservationFailed")).isLessThan(text.indexOf("io.orderflow.OrderRejected"));
    }

    @Test
    void showsACancelledOrderWhoseStockReleaseIsParkedInInventorysOutbox() throws Exception {
        UUID id = JourneyFixture.orderOnPartition(3);
        Instant placed = Instant.now().minusSeconds(30);
        Instant cancelled = placed.plusSeconds(5);
        fixture.order(id, "CANCELLED", null, "CUSTOMER", placed, cancelled, "SKU-1", 1, MUG);
        fixture.ledger(id, "RELEASED", null, placed.plusMillis(100), cancelled.plusMillis(100), "SKU-1", 1, MUG);
        fixture.notification(id, "ORDER_CANCELLED", "PENDING", 3, "Connection refused", cancelled.plusMillis(50));
        fixture.sql("inventory", """
                INSERT INTO outbox_parked (id, event_id, topic, event_key, event_type, event_source, occurred_at,
                    payload, attempts, last_error)
                VALUES (7, ?, 'inventory-events', ?, 'io.orderflow.StockReleased', '/inventory-service', ?, '{}', 10,
                    'RecordTooLargeException')""", UUID.randomUUID(), id.toString(), cancelled.plusMillis(100));
        fixture.publish(ORDER, ORDER_EVENTS, id, "io.orderflow.OrderPlaced", placed);
        fixture.publish(INVENTORY, INVENTORY_EVENTS, id, "io.orderflow.StockReserved", placed.plusMillis(100));
        fixture.publish(ORDER, ORDER_EVENTS, id, "io.orderflow.OrderConfirmed", placed.plusMillis(200));
        fixture.publish(ORDER, ORDER_EVENTS, id, "io.orderflow.OrderCancelled", cancelled);

        String text = JourneyPrinter.text(fixture.journey(id.toString(), null));

        assertThat(text).contains("CANCELLED (CUSTOMER)", "io.orderflow.OrderCancelled",
                "status=RELEASED", "status=PENDING attempts=3", "last_error=Connection refused",
                "outboxParked", "event_type=io.orderflow.StockReleased", "attempts=10",
                "last_error=RecordTooLargeException")
                .doesNotContain("Outboxes: nothing");
    }

    @Test
    void showsADeadLetteredOrderWithTheReasonAndOriginOfItsDeadLetter() throws Exception {
        UUID id = JourneyFixture.orderOnPartition(4);
        Instant placed = Instant.now().minusSeconds(5);
        fixture.order(id, "PENDING", null, null, placed, placed, "SKU-1", 1, MUG);
        RecordMetadata placedEvent = fixture.publish(ORDER, ORDER_EVENTS, id, "io.orderflow.OrderPlaced", placed);
        RecordMetadata deadLetter = fixture.deadLetter(placedEvent, id, "io.orderflow.OrderPlaced", "failed",
                "java.lang.IllegalStateException: no such warehouse", "inventory-service");
        fixture.commit("inventory-service", placedEvent, placedEvent.offset() + 1);

        JourneyCommand.Journey journey = fixture.journey(id.toString(), null);
        String text = JourneyPrinter.text(journey);

        assertThat(journey.window().until()).as("a PENDING order is read to the end").isNull();
        assertThat(text).contains("PENDING",
                "order-events.DLT/" + placedEvent.partition() + "@" + deadLetter.offset(),
                "DEAD LETTER failed: java.lang.IllegalStateException: no such warehouse (from order-events-"
                        + placedEvent.partition() + "@" + placedEvent.offset() + ", group inventory-service)",
                "ledger        none");
    }

    @Test
    void showsAnOrderThatTimedOutBecauseInventoryNeverReadItsPlacement() throws Exception {
        UUID id = JourneyFixture.orderOnPartition(5);
        Instant placed = Instant.now().minus(Duration.ofMinutes(6));
        Instant timedOut = placed.plus(Duration.ofMinutes(5));
        fixture.order(id, "CANCELLED", null, "TIMEOUT", placed, timedOut, "SKU-1", 1, MUG);
        fixture.notification(id, "ORDER_CANCELLED", "SENT", 1, null, timedOut.plusMillis(50));
        RecordMetadata placedEvent = fixture.publish(ORDER, ORDER_EVENTS, id, "io.orderflow.OrderPlaced", placed);
        RecordMetadata cancelled = fixture.publish(ORDER, ORDER_EVENTS, id, "io.orderflow.OrderCancelled", timedOut);
        fixture.commit("inventory-service", placedEvent, placedEvent.offset());
        fixture.commit("notification-service", cancelled, cancelled.offset() + 1);

        String text = JourneyPrinter.text(fixture.journey(id.toString(), null));

        assertThat(text).contains("CANCELLED (TIMEOUT)", "io.orderflow.OrderPlaced", "io.orderflow.OrderCancelled",
                "passed by notification-service; NOT YET passed by inventory-service", "ledger        none",
                "type=ORDER_CANCELLED");
    }

    @Test
    void givesTheSameDataAsJson() throws Exception {
        UUID id = JourneyFixture.orderOnPartition(0);
        Instant placed = Instant.now().minusSeconds(15);
        fixture.order(id, "CONFIRMED", null, null, placed, placed.plusMillis(300), "SKU-1", 1, MUG);
        fixture.ledger(id, "RESERVED", null, placed.plusMillis(100), placed.plusMillis(100), "SKU-1", 1, MUG);
        RecordMetadata placedEvent = fixture.publish(ORDER, ORDER_EVENTS, id, "io.orderflow.OrderPlaced", placed,
                "traceparent", TRACEPARENT);
        fixture.publish(INVENTORY, INVENTORY_EVENTS, id, "io.orderflow.StockReserved", placed.plusMillis(100));
        fixture.publish(ORDER, ORDER_EVENTS, id, "io.orderflow.OrderConfirmed", placed.plusMillis(300));
        fixture.commit("inventory-service", placedEvent, placedEvent.offset() + 1);

        JsonNode json = JsonClient.JSON.readTree(JourneyPrinter.json(fixture.journey(id.toString(), null)));

        assertThat(json.path("orderId").asString()).isEqualTo(id.toString());
        assertThat(json.path("traceIds").get(0).asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(json.path("events")).hasSize(3);
        JsonNode first = json.path("events").get(0);
        assertThat(first.path("type").asString()).isEqualTo("io.orderflow.OrderPlaced");
        assertThat(first.path("topic").asString()).isEqualTo(ORDER_EVENTS);
        assertThat(first.path("offset").asLong()).isEqualTo(placedEvent.offset());
        assertThat(first.path("passedBy").get(0).asString()).isEqualTo("inventory-service");
        assertThat(first.path("notYetPassedBy").get(0).asString()).isEqualTo("notification-service");
        JsonNode services = json.path("services");
        assertThat(services.path("order-service").path("order").get(0).path("status").asString())
                .isEqualTo("CONFIRMED");
        assertThat(services.path("order-service").path("lines").get(0).path("sku").asString()).isEqualTo("SKU-1");
        assertThat(services.path("inventory-service").path("reservations").get(0).path("quantity").asInt())
                .isEqualTo(1);
        assertThat(services.path("notification-service").path("notifications")).isEmpty();
        assertThat(json.path("read").path("records").asLong()).isEqualTo(3);
    }
}
