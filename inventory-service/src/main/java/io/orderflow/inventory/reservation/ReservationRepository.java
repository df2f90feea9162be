package io.orderflow.inventory.reservation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Holds the SQL of reservations: the order ledger, the row locks on products, the conditional stock updates and the
 * reservation rows. Every method runs in the caller's transaction.
 */
@Repository
class ReservationRepository {

    private final JdbcClient jdbc;

    ReservationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Returns the order's ledger status and locks its row until the transaction ends; empty if there is none. */
    Optional<LedgerStatus> lockLedgerEntry(UUID orderId) {
        return jdbc.sql("SELECT status FROM order_ledger WHERE order_id = ? FOR UPDATE")
                .param(orderId)
                .query((rs, n) -> LedgerStatus.valueOf(rs.getString("status")))
                .optional();
    }

    /**
     * Writes the order's first ledger entry.
     *
     * @return false if the order has an entry already (written by a concurrent transaction that has committed)
     */
    boolean insertLedgerEntry(UUID orderId, LedgerStatus status, RejectionReason reason) {
        return jdbc.sql("""
                INSERT INTO order_ledger (order_id, status, rejection_reason) VALUES (?, ?, ?)
                ON CONFLICT (order_id) DO NOTHING""")
                .params(orderId, status.name(), reason == null ? null : reason.name())
                .update() == 1;
    }

    /** Moves the order's ledger entry to a new status. */
    void updateLedgerEntry(UUID orderId, LedgerStatus status, RejectionReason reason) {
        jdbc.sql("UPDATE order_ledger SET status = ?, rejection_reason = ?, updated_at = now() WHERE order_id = ?")
                .params(status.name(), reason == null ? null : reason.name(), orderId)
                .update();
    }

    /**
     * Locks the products of the given skus in sku order and returns their stock levels; unknown skus are missing
     * from the answer.
     */
    Map<String, StockLevel> lockStock(List<String> skus) {
        return jdbc.sql("""
                SELECT sku, available, unit_price FROM product WHERE sku IN (:skus) ORDER BY sku FOR UPDATE""")
                .param("skus", skus)
                .query((rs, n) -> new StockLevel(rs.getString("sku"), rs.getLong("available"),
                        rs.getBigDecimal("unit_price")))
                .list()
                .stream()
                .collect(Collectors.toMap(StockLevel::sku, Function.identity()));
    }

    /**
     * Moves {@code quantity} items of a product from available to reserved, if that many are available.
     *
     * @return whether the product had them
     */
    boolean reserve(String sku, int quantity) {
        return jdbc.sql("""
                UPDATE product SET available = available - :quantity, reserved = reserved + :quantity,
                                   updated_at = now()
                WHERE sku = :sku AND available >= :quantity""")
                .param("sku", sku)
                .param("quantity", quantity)
                .update() == 1;
    }

    /**
     * Moves {@code quantity} items of a product from reserved back to available.
     *
     * @return whether the product had that many reserved
     */
    boolean release(String sku, int quantity) {
        return jdbc.sql("""
                UPDATE product SET available = available + :quantity, reserved = reserved - :quantity,
                                   updated_at = now()
                WHERE sku = :sku AND reserved >= :quantity""")
                .param("sku", sku)
                .param("quantity", quantity)
                .update() == 1;
    }

    /** Records the stock held for one line of an order. */
    void insertReservation(UUID orderId, ReservedLine line) {
        jdbc.sql("INSERT INTO reservation (order_id, sku, quantity, unit_price) VALUES (?, ?, ?, ?)")
                .params(orderId, line.sku(), line.quantity(), line.unitPrice())
                .update();
    }

    /** Returns the lines reserved for an order, sorted by sku. */
    List<ReservedLine> reservations(UUID orderId) {
        return jdbc.sql("SELECT sku, quantity, unit_price FROM reservation WHERE order_id = ? ORDER BY sku")
                .param(orderId)
                .query((rs, n) -> new ReservedLine(rs.getString("sku"), rs.getInt("quantity"),
                        rs.getBigDecimal("unit_price")))
                .list();
    }
}
