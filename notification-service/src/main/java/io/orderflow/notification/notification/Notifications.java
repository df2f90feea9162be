package io.orderflow.notification.notification;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/**
 * The notification ledger: JPA finds notifications and records a failed attempt or a retry one at a time; the paths
 * that run for every e-mail record, lease and mark sent many at a time with the set-based statements of
 * {@link NotificationBatchWrites}. New ones are added through {@link NotificationQueue}.
 */
interface Notifications extends Repository<Notification, UUID>, NotificationBatchWrites {

    Optional<Notification> findById(UUID id);

    List<Notification> findByOrderIdOrderByCreatedAt(UUID orderId);

    List<Notification> findByStatusOrderByCreatedAtDesc(NotificationStatus status, Limit limit);

    long countByStatus(NotificationStatus status);

    /** Returns how many seconds the oldest e-mail not yet sent has waited, 0 when none waits. */
    @Query(nativeQuery = true, value = """
            SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)
            FROM notification WHERE status = 'PENDING'""")
    double oldestPendingAgeSeconds();

    /** Finds a notification and locks it until the transaction ends, waiting for a sender that is sending it. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select n from Notification n where n.id = :id")
    Optional<Notification> findByIdForUpdate(UUID id);
}
