package io.orderflow.order.order;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Stores orders: JPA reads and cancels them one at a time; the paths that run for every order place and decide them
 * many at a time with the set-based statements of {@link OrderBatchWrites}.
 */
public interface OrderRepository extends JpaRepository<Order, UUID>, OrderBatchWrites {

    /**
     * Loads an order and locks its row until the transaction ends, so that its transitions run one at a time. Waiting
     * for the lock longer than the connection's {@code lock_timeout} (5 seconds, see application.yml) fails, as a
     * transient error that the caller retries.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select o from Order o where o.id = :id")
    Optional<Order> findForUpdate(@Param("id") UUID id);

    /**
     * Locks the oldest PENDING orders placed before {@code placedBefore}, skipping those another transaction holds,
     * and returns their ids.
     */
    @Query(value = """
            SELECT id FROM customer_order WHERE status = 'PENDING' AND created_at < :placedBefore
            ORDER BY created_at LIMIT :limit FOR UPDATE SKIP LOCKED""", nativeQuery = true)
    List<UUID> lockPendingPlacedBefore(@Param("placedBefore") Instant placedBefore, @Param("limit") int limit);

    /** Finds orders, newest first, optionally of one customer and one status. */
    @Query("""
            select o from Order o
            where (:customerId is null or o.customerId = :customerId)
              and (:status is null or o.status = :status)
            order by o.createdAt desc, o.id""")
    Page<Order> search(@Param("customerId") String customerId, @Param("status") OrderStatus status,
            Pageable pageable);
}
