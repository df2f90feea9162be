package io.orderflow.notification.notification;

/** Says where a notification stands: waiting to be sent (again), sent, or given up on. */
public enum NotificationStatus {
    PENDING,
    SENT,
    FAILED
}
