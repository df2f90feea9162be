package io.orderflow.notification.messaging;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** Body of {@code io.orderflow.OrderConfirmed}, the fields notification-service reads. */
record OrderConfirmed(UUID orderId, String customerEmail, List<OrderLine> lines, BigDecimal total, String currency) {
}
