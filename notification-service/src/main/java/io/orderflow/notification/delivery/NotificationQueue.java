package io.orderflow.notification.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.orderflow.notification.ledger.EmailContent;
import io.orderflow.notification.ledger.Notification;
import io.orderflow.notification.ledger.NotificationAlreadySent;
import io.orderflow.notification.ledger.NotificationType;

/**
 * Puts notifications in the ledger for the {@link NotificationSender}, and wakes the sender when they are committed.
 */
@Component
public final class NotificationQueue {

    private static final String INSERT = """
            INSERT INTO notification (id, order_id, type, channel, recipient, subject, body, status, attempts,
                                      next_attempt_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (order_id, type, channel) DO NOTHING""";

    private final JdbcTemplate jdbc;
    private final Notifications notifications;
    private final TransactionTemplate transactions;
    private final NotificationSender sender;
    private final Clock clock;

    NotificationQueue(JdbcTemplate jdbc, Notifications notifications, TransactionTemplate transactions,
            NotificationSender sender, Clock clock) {
        this.jdbc = jdbc;
        this.notifications = notifications;
        this.transactions = transactions;
        this.sender = sender;
        this.clock = clock;
    }

    /**
     * Records an e-mail, due now, in the caller's transaction, unless the order already has an e-mail of this type:
     * one notification per order, type and channel, however often the event arrives.
     *
     * @return true if the e-mail was recorded, false if the order already had one of this type
     */
    public boolean enqueueEmail(UUID orderId, NotificationType type, String recipient, EmailContent content) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("enqueueEmail needs the transaction of the consumed event");
        }
        Notification notification = Notification.email(orderId, type, recipient, content, clock.instant());
        Timestamp now = Timestamp.from(notification.getCreatedAt());
        boolean added = jdbc.update(INSERT, notification.getId(), notification.getOrderId(),
                notification.getType().name(), notification.getChannel().name(), notification.getRecipient(),
                notification.getSubject(), notification.getBody(), notification.getStatus().name(),
                notification.getAttempts(), now, now) == 1;
        if (added) {
            wakeSenderAfterCommit();
        }
        return added;
    }

    /**
     * Puts a PENDING or FAILED notification back in the queue, due now, keeping its attempt count.
     *
     * @return the requeued notification, or empty if there is none with this id
     * @throws NotificationAlreadySent if it has been sent
     */
    public Optional<Notification> requeue(UUID id) {
        return transactions.execute(status -> {
            Optional<Notification> notification = notifications.findByIdForUpdate(id);
            notification.ifPresent(found -> {
                found.requeue(clock.instant());
                wakeSenderAfterCommit();
            });
            return notification;
        });
    }

    private void wakeSenderAfterCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                sender.wakeUp();
            }
        });
    }
}
