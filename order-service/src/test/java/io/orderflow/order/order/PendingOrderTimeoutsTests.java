package io.orderflow.order.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.orderflow.order.OrderServiceTest;
import io.orderflow.testsupport.EventContracts;
import io.orderflow.testsupport.TopicRecorder;

/**
 * An order whose reservation answer never comes is cancelled after the pending timeout (5 minutes, the real setting:
 * the tests place their orders in the past instead of waiting), through the normal path.
 */
@OrderServiceTest
class PendingOrderTimeoutsTests {

    @RegisterExtension
    static final TopicRecorder orderEvents = TopicRecorder.recording("order-events");

    @Autowired
    OrderService orders;

    @Autowired
    PendingOrderTimeouts timeouts;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    MeterRegistry meters;

    @Test
    void cancelsAnOrderThatInventoryNeverAnsweredWithReasonTimeoutAndAnnouncesItOnce() {
        Order order = placeMinutesAgo(6);

        timeouts.timeOutOverdueOrders();
        timeouts.timeOutOverdueOrders();

        Order cancelled = orders.find(order.id());
        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.cancellationReason()).isEqualTo(CancellationReason.TIMEOUT);
        ConsumerRecord<String, byte[]> event = await().atMost(Duration.ofSeconds(20))
                .until(() -> orderEvents.records(order.id().toString(), "io.orderflow.OrderCancelled"),
                        records -> !records.isEmpty()).getFirst();
        EventContracts.assertConforms(event);
        assertThat(new String(event.value(), StandardCharsets.UTF_8))
                .contains("\"previousStatus\":\"PENDING\"").contains("\"reason\":\"TIMEOUT\"");
        assertThat(meters.get("orderflow.orders.timed.out").counter().count()).isGreaterThanOrEqualTo(1);
        Timer timedOut = meters.get("orderflow.orders.outcome").tag("outcome", "TIMEOUT").timer();
        assertThat(timedOut.count()).isGreaterThanOrEqualTo(1);
        assertThat(timedOut.max(TimeUnit.SECONDS)).isGreaterThanOrEqualTo(6 * 60);
    }

    @Test
    void aLateReservationAnswerLeavesATimedOutOrderCancelled() {
        Order order = placeMinutesAgo(6);
        timeouts.timeOutOverdueOrders();

        transactions.executeWithoutResult(status -> orders.applyReservationAnswers(List.of(
                new ReservationAnswer.Reserved(order.id(), Map.of("SKU-1", new BigDecimal("2.50"))))));

        assertThat(orders.find(order.id()).status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(orderEvents.records(order.id().toString(), "io.orderflow.OrderConfirmed")).isEmpty();
    }

    @Test
    void leavesAnOrderWithinItsTimeoutPendingAndReportsHowOldTheOldestPendingOrderIs() {
        Order recent = placeMinutesAgo(4);

        timeouts.timeOutOverdueOrders();

        assertThat(orders.find(recent.id()).status()).isEqualTo(OrderStatus.PENDING);
        // the gauges read the database at most every 5 s: a scrape just before may answer the last reading
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(meters.get("orderflow.orders.pending").gauge().value()).isGreaterThanOrEqualTo(1);
            assertThat(meters.get("orderflow.orders.pending.oldest.age").gauge().value())
                    .isGreaterThanOrEqualTo(4 * 60);
        });
        assertThat(meters.get("orderflow.orders.pending.timeout").gauge().value()).isEqualTo(5 * 60);
        orders.cancel(recent.id());
    }

    private Order placeMinutesAgo(int minutes) {
        Order order = orders.place(new PlaceOrder("c-timeout-" + UUID.randomUUID(), "late@example.com",
                List.of(new OrderLine("SKU-1", 1))), null);
        jdbc.update("UPDATE customer_order SET created_at = now() - make_interval(mins => ?) WHERE id = ?", minutes,
                order.id());
        return order;
    }
}
