package io.orderflow.order.order;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Remembers which order each {@code Idempotency-Key} created, and from which request. */
@Repository
class IdempotencyKeys {

    private final JdbcTemplate jdbc;

    IdempotencyKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims {@code key} for a new order. If another request holds the key but has not committed, this waits for it.
     *
     * @return empty if the key is now ours; otherwise the earlier request's claim
     */
    Optional<Claim> claim(String key, String fingerprint, UUID orderId) {
        int inserted = jdbc.update("""
                INSERT INTO idempotency_key (idempotency_key, request_hash, order_id) VALUES (?, ?, ?)
                ON CONFLICT (idempotency_key) DO NOTHING""", key, fingerprint, orderId);
        if (inserted == 1) {
            return Optional.empty();
        }
        return Optional.of(jdbc.queryForObject(
                "SELECT request_hash, order_id FROM idempotency_key WHERE idempotency_key = ?",
                (rs, n) -> new Claim(rs.getString(1), rs.getObject(2, UUID.class)), key));
    }

    record Claim(String fingerprint, UUID orderId) {
    }
}
