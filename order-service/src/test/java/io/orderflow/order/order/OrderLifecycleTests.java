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
        Order order = pendingOrder();

        boolean moved = order.confirm(Map.of("SKU-1", new BigDecimal("12.50"), "SKU-7", new BigDecimal("4.99")), NOW);

        assertThat(moved).isTrue();
        assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(order.total()).isEqualByComparingTo("29.99");
    }

    @Test
    void confirmationMustPriceExactlyTheOrdersSkus() {
        Order order = pendingOrder();

        assertThatThrownBy(() -> order.confirm(Map.of("SKU-1", BigDecimal.ONE), NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
    }

    @Test
    void aCancelledOrderIgnoresALateReservation() {
        Order order = pendingOrder();
        order.cancel(NOW, CancellationReason.CUSTOMER);

        boolean moved = order.confirm(Map.of("SKU-1", BigDecimal.ONE, "SKU-7", BigDecimal.ONE), NOW);

        assertThat(moved).isFalse();
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void rejectionKeepsItsReason() {
        Order order = pendingOrder();

        order.reject("SKU-7: requested 1, available 0", NOW);

        assertThat(order.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(order.rejectionReason()).contains("SKU-7");
    }

    @Test
    void cancellingTellsWhereTheOrderCameFrom() {
        Order order = pendingOrder();
        order.confirm(Map.of("SKU-1", BigDecimal.ONE, "SKU-7", BigDecimal.ONE), NOW);

        assertThat(order.cancel(NOW, CancellationReason.CUSTOMER)).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(order.cancel(NOW, CancellationReason.CUSTOMER)).as("cancelling again changes nothing").isNull();
    }

    @Test
    void aRejectedOrderCannotBeCancelled() {
        Order order = pendingOrder();
        order.reject("short", NOW);

        assertThatThrownBy(() -> order.cancel(NOW, CancellationReason.CUSTOMER)).isInstanceOf(OrderTransitionException.class);
    }
}
