package io.orderflow.order.messaging;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The events order-service publishes on {@code order-events}; their schemas are in {@code contracts/schemas}. */
final class OrderIntegrationEvents {

    static final String TOPIC = "order-events";

    private OrderIntegrationEvents() {
    }

    record Line(String sku, int quantity) {
    }

    record PricedLine(String sku, int quantity, BigDecimal unitPrice) {
    }

    record OrderPlaced(UUID orderId, String customerId, String customerEmail, List<Line> lines, Instant placedAt) {
        static final String TYPE = "io.orderflow.OrderPlaced";
    }

    record OrderConfirmed(UUID orderId, String customerId, String customerEmail, List<PricedLine> lines,
            BigDecimal total, String currency, Instant confirmedAt) {
        static final String TYPE = "io.orderflow.OrderConfirmed";
    }

    record OrderRejected(UUID orderId, String customerId, String customerEmail, List<Line> lines, String reason,
            Instant rejectedAt) {
        static final String TYPE = "io.orderflow.OrderRejected";
    }

    record OrderCancelled(UUID orderId, String customerId, String customerEmail, List<PricedLine> lines,
            BigDecimal total, String currency, String previousStatus, String reason, Instant cancelledAt) {
        static final String TYPE = "io.orderflow.OrderCancelled";
    }
}
