package io.orderflow.notification.messaging;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** Body of {@code io.orderflow.OrderCancelled}, the fields notification-service reads; {@code total} may be null. */
record OrderCancelled(UUID orderId, String customerEmail, List<OrderLine> lines, BigDecimal total, String currency) {
}
