package io.orderflow.order.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class OrderLifecycleTests {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static Order pendingOrder() {
        return Order.place(UUID.randomUUID(), "c-42", "ann@example.com",
                List.of(new OrderLine("SKU-1", 2), new OrderLine("SKU-7", 1)), NOW);
    }

    private static OrderToDecide storedOrder(OrderStatus status) {
        return new OrderToDecide(UUID.randomUUID(), "c-42", "ann@example.com", status, Instant.EPOCH,
                List.of(new OrderToDecide.Line("SKU-1", 2), new OrderToDecide.Line("SKU-7", 1)));
    }

    @Test
    void placedOrderIsPendingAndUnpriced() {
        Order order = pendingOrder();

        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.total()).isNull();
        assertThat(order.lines()).extracting(OrderLine::unitPrice).containsOnlyNulls();
    }

    @Test
    void refusesAnOrderThatNamesASkuTwice() {
        assertThatThrownBy(() -> Order.place(UUID.randomUUID(), "c-42", "ann@example.com",
                List.of(new OrderLine("SKU-1", 1), new OrderLine("SKU-1", 2)), NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void confirmationPricesEveryLineAndTotalsTheOrder() {
        OrderToDecide order = storedOrder(OrderStatus.PENDING);

        DecidedOrder confirmed = order.decide(new ReservationAnswer.Reserved(order.id(),
                Map.of("SKU-1", new BigDecimal("12.50"), "SKU-7", new BigDecimal("4.99"))), NOW).orElseThrow();

        assertThat(confirmed.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(confirmed.total()).isEqualByComparingTo("29.99");
        assertThat(confirmed.lines()).extracting(DecidedOrder.Line::unitPrice)
                .containsExactly(new BigDecimal("12.50"), new BigDecimal("4.99"));
        assertThat(confirmed.decidedAt()).isEqualTo(NOW);
    }

    @Test
    void confirmationMustPriceExactlyTheOrdersSkus() {
        OrderToDecide order = storedOrder(OrderStatus.PENDING);

        assertThatThrownBy(() -> order.decide(new ReservationAnswer.Reserved(order.id(),
                Map.of("SKU-1", BigDecimal.ONE)), NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCancelledOrderIgnoresALateReservation() {
        OrderToDecide order = storedOrder(OrderStatus.CANCELLED);

        assertThat(order.decide(new ReservationAnswer.Reserved(order.id(),
                Map.of("SKU-1", BigDecimal.ONE, "SKU-7", BigDecimal.ONE)), NOW)).isEmpty();
    }

    @Test
    void rejectionKeepsItsReasonAndLeavesTheLinesUnpriced() {
        OrderToDecide order = storedOrder(OrderStatus.PENDING);

        DecidedOrder rejected = order.decide(new ReservationAnswer.Refused(order.id(),
                "SKU-7: requested 1, available 0"), NOW).orElseThrow();

        assertThat(rejected.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(rejected.rejectionReason()).contains("SKU-7");
        assertThat(rejected.total()).isNull();
        assertThat(rejected.lines()).extracting(DecidedOrder.Line::unitPrice).containsOnlyNulls();
    }

    @Test
    void anAnswerAboutAnotherOrderIsRefused() {
        OrderToDecide order = storedOrder(OrderStatus.PENDING);

        assertThatThrownBy(() -> order.decide(new ReservationAnswer.Refused(UUID.randomUUID(), "short"), NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancellingTellsWhereTheOrderCameFrom() {
        Order order = pendingOrder();

        assertThat(order.cancel(NOW, CancellationReason.CUSTOMER)).isEqualTo(OrderStatus.PENDING);
        assertThat(order.cancel(NOW, CancellationReason.CUSTOMER)).as("cancelling again changes nothing").isNull();
        assertThat(order.cancellationReason()).isEqualTo(CancellationReason.CUSTOMER);
    }

    @Test
    void onlyAPendingOrderTimesOut() {
        Order order = pendingOrder();

        assertThat(order.timeOut(NOW)).isTrue();
        assertThat(order.cancellationReason()).isEqualTo(CancellationReason.TIMEOUT);
        assertThat(order.timeOut(NOW)).as("a cancelled order does not time out again").isFalse();
    }
}
