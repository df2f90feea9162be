package io.orderflow.notification.notification;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;

/** Shows the notification ledger: what was told to whom about which order, and how sending it went. */
@Service
public class NotificationLedger {

    private final Notifications notifications;

    NotificationLedger(Notifications notifications) {
        this.notifications = notifications;
    }

    /** Returns the notifications of an order, oldest first; of those only the ones in {@code status} unless null. */
    public List<Notification> ofOrder(UUID orderId, NotificationStatus status) {
        return notifications.findByOrderIdOrderByCreatedAt(orderId).stream()
                .filter(notification -> status == null || notification.getStatus() == status)
                .toList();
    }

    /** Returns the newest notifications in a status, at most {@code limit}. */
    public List<Notification> newestIn(NotificationStatus status, int limit) {
        return notifications.findByStatusOrderByCreatedAtDesc(status, Limit.of(limit));
    }

    /** Returns one notification, or empty if there is none with this id. */
    public Optional<Notification> find(UUID id) {
        return notifications.findById(id);
    }
}
