package io.orderflow.order.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.orderflow.order.order.Order;

/** An order as the API shows it. */
record OrderView(UUID id, String customerId, String customerEmail, String status, List<LineView> lines,
        BigDecimal total, String currency, String rejectionReason, String cancellationReason, Instant createdAt,
        Instant updatedAt) {

    static OrderView of(Order order) {
        return new OrderView(order.id(), order.customerId(), order.customerEmail(), order.status().name(),
                order.lines().stream().map(l -> new LineView(l.sku(), l.quantity(), l.unitPrice())).toList(),
                order.total(), order.currency(), order.rejectionReason(),
                order.cancellationReason() == null ? null : order.cancellationReason().name(), order.createdAt(),
                order.updatedAt());
    }

    record LineView(String sku, int quantity, BigDecimal unitPrice) {
    }
}
