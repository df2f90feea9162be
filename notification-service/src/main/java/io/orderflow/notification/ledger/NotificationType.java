package io.orderflow.notification.ledger;

/** Names what happened to the order a notification tells the customer about. */
public enum NotificationType {
    ORDER_CONFIRMED,
    ORDER_REJECTED,
    ORDER_CANCELLED
}
