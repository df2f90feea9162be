package io.orderflow.notification.notification;

/** Names what happened to the order a notification tells the customer about. */
public enum NotificationType {
    ORDER_CONFIRMED,
    ORDER_REJECTED,
    ORDER_CANCELLED
}
