package io.orderflow.notification.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.NativeQuery;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

import io.orderflow.notification.ledger.Notification;
import io.orderflow.notification.ledger.NotificationStatus;

/** Finds notifications in the ledger. New ones are added through {@link NotificationQueue}. */
public interface Notifications extends Repository<Notification, UUID> {

    Optional<Notification> findById(UUID id);

    List<Notification> findByOrderIdOrderByCreatedAt(UUID orderId);

    List<Notification> findByStatusOrderByCreatedAtDesc(NotificationStatus status, Limit limit);

    long countByStatus(NotificationStatus status);

    /** Finds a notification and locks it until the transaction ends, waiting for a sender that is sending it. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select n from Notification n where n.id = :id")
    Optional<Notification> findByIdForUpdate(UUID id);

    /**
     * Takes up to {@code limit} notifications that have been due longest and locks them until the transaction ends;
     * notifications other transactions hold are skipped, so several senders never send the same one.
     */
    @NativeQuery("""
            SELECT * FROM notification
            WHERE status = 'PENDING' AND next_attempt_at <= :now
            ORDER BY next_attempt_at
            LIMIT :limit
            FOR UPDATE SKIP LOCKED""")
    List<Notification> claimDue(Instant now, int limit);
}
