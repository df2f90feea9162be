package io.orderflow.notification.ledger;

/** Names the way a notification reaches the customer. */
public enum Channel {
    EMAIL
}
