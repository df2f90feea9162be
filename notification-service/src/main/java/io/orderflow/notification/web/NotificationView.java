package io.orderflow.notification.web;

import java.time.Instant;
import java.util.UUID;

import io.orderflow.notification.notification.Channel;
import io.orderflow.notification.notification.Notification;
import io.orderflow.notification.notification.NotificationStatus;
import io.orderflow.notification.notification.NotificationType;

/** A notification as {@code GET /api/notifications} lists it. */
record NotificationView(UUID id, UUID orderId, NotificationType type, Channel channel, String recipient,
        NotificationStatus status, int attempts, Instant sentAt) {

    static NotificationView of(Notification notification) {
        return new NotificationView(notification.getId(), notification.getOrderId(), notification.getType(),
                notification.getChannel(), notification.getRecipient(), notification.getStatus(),
                notification.getAttempts(), notification.getSentAt());
    }
}
