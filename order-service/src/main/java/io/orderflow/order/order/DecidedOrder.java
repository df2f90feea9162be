package io.orderflow.order.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An order that inventory's answer confirmed and priced, or rejected: what {@link OrderBatchWrites#updateDecided}
 * writes and {@link OrderEvents#decided} announces.
 *
 * @param status CONFIRMED or REJECTED
 * @param lines the order's lines in their stored order, priced if the order was confirmed
 * @param total the order's total if it was confirmed, else null
 * @param rejectionReason why the order was rejected, or null
 */
public record DecidedOrder(UUID id, String customerId, String customerEmail, OrderStatus status, List<Line> lines,
        BigDecimal total, String rejectionReason, Instant decidedAt) {

    public DecidedOrder {
        Objects.requireNonNull(id, "id");
        if (status != OrderStatus.CONFIRMED && status != OrderStatus.REJECTED) {
            throw new IllegalArgumentException("Order " + id + " is " + status + ", not decided");
        }
        lines = List.copyOf(lines);
    }

    /** Returns the currency of the total and the prices. */
    public String currency() {
        return Order.CURRENCY;
    }

    /** One sku of the order, its quantity and, if the order was confirmed, its unit price. */
    public record Line(String sku, int quantity, BigDecimal unitPrice) {
    }
}
