package io.orderflow.order.order;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The set-based statements of {@link OrderRepository}, many orders per statement: the paths that run for every order
 * (placing, confirming, rejecting) pay a few statements per batch, not per order. Every method runs in the caller's
 * transaction.
 */
public interface OrderBatchWrites {

    /** Inserts new orders and their lines, two statements for all of them. */
    void insertAll(List<Order> orders);

    /**
     * Claims idempotency keys for new orders. A key that another transaction holds but has not committed makes this
     * wait for it.
     *
     * @param claims the order each key would create, by key, with its request's fingerprint
     * @return the keys now claimed; the others were claimed before
     */
    Set<String> claimKeys(Map<String, KeyClaim> claims);

    /** Returns the earlier claims of keys, by key. */
    Map<String, KeyClaim> claimsOf(Collection<String> keys);

    /**
     * Reads orders with their lines and locks them until the transaction ends, in id order so that two transactions
     * locking overlapping sets cannot deadlock.
     *
     * @return the orders found, by id; unknown ids are missing
     */
    Map<UUID, OrderToDecide> lockToDecide(Collection<UUID> ids);

    /**
     * Writes the status, total, reason and line prices of orders that were confirmed or rejected, and moves their
     * version on.
     */
    void updateDecided(List<DecidedOrder> orders);

    /** An idempotency key's claim: the fingerprint of the request that made it, and the order it created. */
    record KeyClaim(String fingerprint, UUID orderId) {
    }
}
