package io.orderflow.notification.messaging;

import java.util.List;
import java.util.UUID;

/** Body of {@code io.orderflow.OrderRejected}, the fields notification-service reads. */
record OrderRejected(UUID orderId, String customerEmail, List<OrderLine> lines, String reason) {
}
