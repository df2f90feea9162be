package io.orderflow.notification.notification;

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

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.orderflow.notification.notification.NotificationBatchWrites.EmailToRecord;

/**
 * Puts notifications in the ledger for the {@link NotificationSender}, and wakes the sender when they are committed.
 */
@Component
public final class NotificationQueue {

    private final Notifications notifications;
    private final TransactionTemplate transactions;
    private final NotificationSender sender;
    private final Clock clock;
    private final Duration lease;

    NotificationQueue(Notifications notifications, TransactionTemplate transactions,
            NotificationSender sender, Clock clock, NotificationProperties properties) {
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
        List<EmailToRecord> toRecord = new ArrayList<>(emails.size());
        for (int i = 0; i < emails.size(); i++) {
            NewEmail email = emails.get(i);
            toRecord.add(new EmailToRecord(UUID.randomUUID(), email.orderId(), email.type(), email.recipient(),
                    email.content(), now.plus(i, ChronoUnit.MICROS)));
        }
        // leased from birth to this instance's senders, which get them handed over after the commit
        Set<UUID> addedIds = notifications.insertLeased(toRecord, now.plus(lease));
        Set<String> added = new HashSet<>();
        if (!addedIds.isEmpty()) {
            List<PendingEmail> recorded = new ArrayList<>(addedIds.size());
            for (EmailToRecord email : toRecord) {
                if (addedIds.contains(email.id())) {
                    added.add(email.orderId() + "/" + email.type().name());
                    recorded.add(new PendingEmail(email.id(), email.recipient(), email.content().subject(),
                            email.content().body()));
                }
            }
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
