package io.orderflow.notification.notification;

import java.util.UUID;

/** Says that a notification cannot be sent again because the customer already got it. */
public final class NotificationAlreadySent extends RuntimeException {

    public NotificationAlreadySent(UUID id) {
        super("Notification " + id + " has already been sent");
    }
}
