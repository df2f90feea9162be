package io.orderflow.notification.web;

import java.time.Instant;
import java.util.UUID;

import io.orderflow.notification.notification.Channel;
import io.orderflow.notification.notification.Notification;
import io.orderflow.notification.notification.NotificationStatus;
import io.orderflow.notification.notification.NotificationType;

/**
 * One notification with what an operator needs to judge it: the list view's fields plus the subject, when it was
 * recorded, when it is next tried and why the last attempt failed.
 */
record NotificationDetails(UUID id, UUID orderId, NotificationType type, Channel channel, String recipient,
        NotificationStatus status, int attempts, Instant sentAt, String subject, Instant createdAt,
        Instant nextAttemptAt, String lastError) {

    static NotificationDetails of(Notification notification) {
        return new NotificationDetails(notification.getId(), notification.getOrderId(), notification.getType(),
                notification.getChannel(), notification.getRecipient(), notification.getStatus(),
                notification.getAttempts(), notification.getSentAt(), notification.getSubject(),
                notification.getCreatedAt(),
                notification.getStatus() == NotificationStatus.PENDING ? notification.getNextAttemptAt() : null,
                notification.getLastError());
    }
}
