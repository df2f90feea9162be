package io.orderflow.notification.delivery;

import static io.orderflow.jdbc.SetStatements.array;
import static io.orderflow.jdbc.SetStatements.statement;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
            SELECT id, order_id, type, channel, recipient, subject, body, 'PENDING', 0, ?, created_at
            FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::timestamptz[])
                AS n (id, order_id, type, channel, recipient, subject, body, created_at)
            ON CONFLICT (order_id, type, channel) DO NOTHING
            RETURNING id, order_id, type""";

    private final JdbcTemplate jdbc;
    private final Notifications notifications;
    private final TransactionTemplate transactions;
    private final NotificationSender sender;
    private final Clock clock;
    private final Duration lease;

    NotificationQueue(JdbcTemplate jdbc, Notifications notifications, TransactionTemplate transactions,
            NotificationSender sender, Clock clock, NotificationProperties properties) {
        this.jdbc = jdbc;
        this.notifications = notifications;
        this.transactions = transactions;
        this.sender = sender;
        this.clock = clock;
        this.lease = properties.lease();
    }

    /**
     * Records e-mails in the caller's transaction with one statement, except those whose order already has an e-mail
     * of their type: one notification per order, type and channel, however often the event arrives. The new ones are
     * leased to this instance from the start and handed to its sender once the transaction commits, so that sending
     * them needs no statement to find and lease them; if this instance goes away first, any sender takes them when
     * the lease ends.
     *
     * @return the e-mails that were not recorded because their order already had one of their type
     */
    public List<NewEmail> enqueueEmails(List<NewEmail> emails) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("enqueueEmails needs the transaction of the consumed events");
        }
        if (emails.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        // a microsecond apart, in the order their events came, so that an order's notifications list in that order
        List<Notification> notifications = new ArrayList<>(emails.size());
        for (int i = 0; i < emails.size(); i++) {
            NewEmail email = emails.get(i);
            notifications.add(Notification.email(email.orderId(), email.type(), email.recipient(), email.content(),
                    now.plus(i, ChronoUnit.MICROS)));
        }
        Set<String> added = new HashSet<>();
        Set<UUID> addedIds = new HashSet<>();
        // leased from birth to this instance's senders, which get them handed over after the commit
        jdbc.query(statement(INSERT, Timestamp.from(now.plus(lease)),
                array("uuid", notifications.stream().map(Notification::getId).toList()),
                array("uuid", notifications.stream().map(Notification::getOrderId).toList()),
                array("text", notifications.stream().map(n -> n.getType().name()).toList()),
                array("text", notifications.stream().map(n -> n.getChannel().name()).toList()),
                array("text", notifications.stream().map(Notification::getRecipient).toList()),
                array("text", notifications.stream().map(Notification::getSubject).toList()),
                array("text", notifications.stream().map(Notification::getBody).toList()),
                array("timestamptz", notifications.stream().map(n -> Timestamp.from(n.getCreatedAt())).toList())),
                rs -> {
                    added.add(rs.getString("order_id") + "/" + rs.getString("type"));
                    addedIds.add(rs.getObject("id", UUID.class));
                });
        if (!added.isEmpty()) {
            List<NotificationSender.PendingEmail> recorded = notifications.stream()
                    .filter(notification -> addedIds.contains(notification.getId()))
                    .map(notification -> new NotificationSender.PendingEmail(notification.getId(),
                            notification.getRecipient(), notification.getSubject(), notification.getBody()))
                    .toList();
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    sender.sendRecorded(recorded, now);
                }
            });
        }
        return emails.stream().filter(email -> !added.contains(email.orderId() + "/" + email.type().name()))
                .toList();
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

    /** An e-mail to record: about which order, of which type, to whom, saying what. */
    public record NewEmail(UUID orderId, NotificationType type, String recipient, EmailContent content) {
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
