package io.orderflow.notification.notification;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The set-based statements of {@link Notifications}, one statement for many notifications: recording the e-mails of a
 * poll, leasing due ones to a sender, recording the sent ones. Every method runs in the caller's transaction, if there is
 * one.
 */
interface NotificationBatchWrites {

    /**
     * Records new e-mail notifications PENDING, never tried and leased until {@code leasedUntil}, except those whose
     * order already has one of their type: one notification per order, type and channel.
     *
     * @return the ids of the notifications recorded
     */
    Set<UUID> insertLeased(List<EmailToRecord> emails, Instant leasedUntil);

    /**
     * Leases up to {@code limit} PENDING notifications due at {@code now}, those due longest first, until
     * {@code leasedUntil}, skipping rows that another transaction holds.
     */
    List<PendingEmail> leaseDue(Instant now, Instant leasedUntil, int limit);

    /** Records that the PENDING notifications among {@code ids} were sent, each with one more attempt. */
    void recordSent(List<UUID> ids, Instant sentAt);

    /** A new e-mail notification: about which order, of which type, to whom, saying what, recorded when. */
    record EmailToRecord(UUID id, UUID orderId, NotificationType type, String recipient, EmailContent content,
            Instant createdAt) {
    }
}
