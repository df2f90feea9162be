package io.orderflow.inventory.reservation;

import static io.orderflow.jdbc.SetStatements.array;
import static io.orderflow.jdbc.SetStatements.statement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Holds the SQL of reservations: the order ledger, the row locks on products, the stock updates and the reservation
 * rows. Each method handles many orders in one statement, and every method runs in the caller's transaction.
 */
@Repository
class ReservationRepository {

    private final JdbcTemplate jdbc;

    ReservationRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the ledger entries of the given orders in order id order until the transaction ends, and returns them;
     * orders without an entry are missing from the answer.
     */
    Map<UUID, LedgerEntry> lockLedgerEntries(Collection<UUID> orderIds) {
        Map<UUID, LedgerEntry> entries = new HashMap<>();
        jdbc.query(statement("""
                SELECT order_id, status, rejection_reason FROM order_ledger
                WHERE order_id = ANY (?) ORDER BY order_id FOR UPDATE""", array("uuid", orderIds)), rs -> {
                    String reason = rs.getString("rejection_reason");
                    entries.put(rs.getObject("order_id", UUID.class), new LedgerEntry(
                            LedgerStatus.valueOf(rs.getString("status")),
                            reason == null ? null : RejectionReason.valueOf(reason)));
                });
        return entries;
    }

    /**
     * Writes the first ledger entries of orders.
     *
     * @return how many were written; an order that has an entry already (written by a concurrent transaction that has
     *     committed) is not
     */
    int insertLedgerEntries(Map<UUID, LedgerEntry> entries) {
        return entries.isEmpty() ? 0 : jdbc.update(statement("""
                INSERT INTO order_ledger (order_id, status, rejection_reason)
                SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[])
                ON CONFLICT (order_id) DO NOTHING""", array("uuid", entries.keySet()),
                array("text", statuses(entries)), array("text", reasons(entries))));
    }

    /** Moves ledger entries to new statuses. */
    void updateLedgerEntries(Map<UUID, LedgerEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.update(statement("""
                UPDATE order_ledger l SET status = u.status, rejection_reason = u.reason, updated_at = now()
                FROM unnest(?::uuid[], ?::text[], ?::text[]) AS u (order_id, status, reason)
                WHERE l.order_id = u.order_id""", array("uuid", entries.keySet()),
                array("text", statuses(entries)), array("text", reasons(entries))));
    }

    /**
     * Locks the products of the given skus in sku order and returns their stock levels; unknown skus are missing
     * from the answer.
     */
    Map<String, StockLevel> lockStock(Collection<String> skus) {
        Map<String, StockLevel> levels = new HashMap<>();
        if (skus.isEmpty()) {
            return levels;
        }
        jdbc.query(statement("""
                SELECT sku, available, unit_price FROM product WHERE sku = ANY (?) ORDER BY sku FOR UPDATE""",
                array("text", skus)), rs -> {
                    levels.put(rs.getString("sku"), new StockLevel(rs.getString("sku"), rs.getLong("available"),
                            rs.getBigDecimal("unit_price")));
                });
        return levels;
    }

    /**
     * Adds to the available and reserved stock of products.
     *
     * @param changes by sku, the amounts to add; negative amounts take away
     * @return how many products were changed
     */
    int changeStock(Map<String, StockChange> changes) {
        if (changes.isEmpty()) {
            return 0;
        }
        return jdbc.update(statement("""
                UPDATE product p SET available = p.available + c.available, reserved = p.reserved + c.reserved,
                                     updated_at = now()
                FROM unnest(?::text[], ?::int8[], ?::int8[]) AS c (sku, available, reserved)
                WHERE p.sku = c.sku""", array("text", changes.keySet()),
                array("int8", changes.values().stream().map(StockChange::available).toList()),
                array("int8", changes.values().stream().map(StockChange::reserved).toList())));
    }

    /** Records the stock held for the lines of orders. */
    void insertReservations(Map<UUID, List<ReservedLine>> reservations) {
        List<UUID> orders = new ArrayList<>();
        List<String> skus = new ArrayList<>();
        List<Integer> quantities = new ArrayList<>();
        List<Object> prices = new ArrayList<>();
        reservations.forEach((orderId, lines) -> lines.forEach(line -> {
            orders.add(orderId);
            skus.add(line.sku());
            quantities.add(line.quantity());
            prices.add(line.unitPrice());
        }));
        if (orders.isEmpty()) {
            return;
        }
        jdbc.update(statement("""
                INSERT INTO reservation (order_id, sku, quantity, unit_price)
                SELECT * FROM unnest(?::uuid[], ?::text[], ?::int4[], ?::numeric[])""", array("uuid", orders),
                array("text", skus), array("int4", quantities), array("numeric", prices)));
    }

    /** Returns the lines reserved for orders, each order's sorted by sku; orders holding nothing are missing. */
    Map<UUID, List<ReservedLine>> reservationsOf(Collection<UUID> orderIds) {
        Map<UUID, List<ReservedLine>> lines = new LinkedHashMap<>();
        if (orderIds.isEmpty()) {
            return lines;
        }
        jdbc.query(statement("""
                SELECT order_id, sku, quantity, unit_price FROM reservation
                WHERE order_id = ANY (?) ORDER BY order_id, sku""", array("uuid", orderIds)), rs -> {
                    lines.computeIfAbsent(rs.getObject("order_id", UUID.class), id -> new ArrayList<>())
                            .add(new ReservedLine(rs.getString("sku"), rs.getInt("quantity"),
                                    rs.getBigDecimal("unit_price")));
                });
        return lines;
    }

    private static List<String> statuses(Map<UUID, LedgerEntry> entries) {
        return entries.values().stream().map(entry -> entry.status().name()).toList();
    }

    private static List<String> reasons(Map<UUID, LedgerEntry> entries) {
        return entries.values().stream().map(entry -> entry.reason() == null ? null : entry.reason().name()).toList();
    }

    /** Where an order's stock stands: its ledger status and, for a rejected order, why. */
    record LedgerEntry(LedgerStatus status, RejectionReason reason) {
    }

    /** Amounts to add to a product's available and reserved stock. */
    record StockChange(long available, long reserved) {

        StockChange plus(long moreAvailable, long moreReserved) {
            return new StockChange(available + moreAvailable, reserved + moreReserved);
        }
    }
}
