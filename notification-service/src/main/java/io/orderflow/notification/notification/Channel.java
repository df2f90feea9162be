package io.orderflow.notification.notification;

/** Names the way a notification reaches the customer. */
public enum Channel {
    EMAIL
}
