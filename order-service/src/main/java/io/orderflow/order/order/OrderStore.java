package io.orderflow.order.order;

import static io.orderflow.jdbc.SetStatements.array;
import static io.orderflow.jdbc.SetStatements.statement;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Writes and locks orders with set-based SQL, many orders per statement: the paths that run for every order (placing,
 * confirming, rejecting) pay a few statements per batch, not per order. Every method runs in the caller's transaction.
 */
@Repository
class OrderStore {

    private static final String INSERT_ORDERS = """
            INSERT INTO customer_order (id, customer_id, customer_email, status, currency, created_at, updated_at,
                                        version)
            SELECT id, customer_id, customer_email, 'PENDING', ?, created_at, created_at, 0
            FROM unnest(?::uuid[], ?::text[], ?::text[], ?::timestamptz[])
                AS o (id, customer_id, customer_email, created_at)""";

    private static final String INSERT_LINES = """
            INSERT INTO order_line (order_id, line_no, sku, quantity)
            SELECT * FROM unnest(?::uuid[], ?::int[], ?::text[], ?::int[])""";

    private static final String CLAIM_KEYS = """
            INSERT INTO idempotency_key (idempotency_key, request_hash, order_id)
            SELECT * FROM unnest(?::text[], ?::text[], ?::uuid[])
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING idempotency_key""";

    private static final String LOCK_ORDERS = """
            SELECT id, customer_id, customer_email, status, total, rejection_reason, created_at, updated_at, version
            FROM customer_order WHERE id = ANY (?) ORDER BY id FOR UPDATE""";

    private static final String UPDATE_DECIDED = """
            UPDATE customer_order o
            SET status = d.status, total = d.total, rejection_reason = d.rejection_reason, updated_at = d.updated_at,
                version = o.version + 1
            FROM unnest(?::uuid[], ?::text[], ?::numeric[], ?::text[], ?::timestamptz[])
                AS d (id, status, total, rejection_reason, updated_at)
            WHERE o.id = d.id""";

    private static final String PRICE_LINES = """
            UPDATE order_line l SET unit_price = p.unit_price
            FROM unnest(?::uuid[], ?::int[], ?::numeric[]) AS p (order_id, line_no, unit_price)
            WHERE l.order_id = p.order_id AND l.line_no = p.line_no""";

    private final JdbcTemplate jdbc;

    OrderStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts new orders and their lines, two statements for all of them. */
    void insert(List<Order> orders) {
        if (orders.isEmpty()) {
            return;
        }
        int n = orders.size();
        UUID[] ids = new UUID[n];
        String[] customers = new String[n];
        String[] emails = new String[n];
        Timestamp[] createdAt = new Timestamp[n];
        List<UUID> lineOrders = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        List<String> skus = new ArrayList<>();
        List<Integer> quantities = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Order order = orders.get(i);
            ids[i] = order.id();
            customers[i] = order.customerId();
            emails[i] = order.customerEmail();
            createdAt[i] = Timestamp.from(order.createdAt());
            List<OrderLine> lines = order.lines();
            for (int line = 0; line < lines.size(); line++) {
                lineOrders.add(order.id());
                lineNumbers.add(line);
                skus.add(lines.get(line).sku());
                quantities.add(lines.get(line).quantity());
            }
        }
        jdbc.update(statement(INSERT_ORDERS, Order.CURRENCY,
                array("uuid", ids), array("text", customers),
                array("text", emails), array("timestamptz", createdAt)));
        jdbc.update(statement(INSERT_LINES,
                array("uuid", lineOrders.toArray()), array("int4", lineNumbers.toArray()),
                array("text", skus.toArray()), array("int4", quantities.toArray())));
    }

    /**
     * Claims idempotency keys for new orders. A key that another transaction holds but has not committed makes this
     * wait for it.
     *
     * @param claims the order each key would create, by key, with its request's fingerprint
     * @return the keys now claimed; the others were claimed before
     */
    Set<String> claimKeys(Map<String, Claim> claims) {
        Set<String> claimed = new HashSet<>();
        if (claims.isEmpty()) {
            return claimed;
        }
        String[] keys = claims.keySet().toArray(String[]::new);
        String[] fingerprints = new String[keys.length];
        UUID[] orderIds = new UUID[keys.length];
        for (int i = 0; i < keys.length; i++) {
            fingerprints[i] = claims.get(keys[i]).fingerprint();
            orderIds[i] = claims.get(keys[i]).orderId();
        }
        jdbc.query(statement(CLAIM_KEYS, array("text", keys),
                array("text", fingerprints), array("uuid", orderIds)),
                rs -> {
                    claimed.add(rs.getString(1));
                });
        return claimed;
    }

    /** Returns the earlier claims of keys, by key. */
    Map<String, Claim> claimsOf(Collection<String> keys) {
        Map<String, Claim> claims = new HashMap<>();
        if (keys.isEmpty()) {
            return claims;
        }
        jdbc.query(statement(
                "SELECT idempotency_key, request_hash, order_id FROM idempotency_key WHERE idempotency_key = ANY (?)",
                array("text", keys.toArray())),
                rs -> {
                    claims.put(rs.getString(1), new Claim(rs.getString(2), rs.getObject(3, UUID.class)));
                });
        return claims;
    }

    /**
     * Loads orders with their lines and locks them until the transaction ends, in id order so that two transactions
     * locking overlapping sets cannot deadlock.
     *
     * @return the orders found, by id; unknown ids are missing
     */
    Map<UUID, Order> lockAll(Collection<UUID> ids) {
        Map<UUID, Order> orders = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return orders;
        }
        UUID[] idArray = ids.toArray(UUID[]::new);
        List<Object[]> rows = new ArrayList<>();
        jdbc.query(statement(LOCK_ORDERS, array("uuid", idArray)), rs -> {
            rows.add(new Object[] { rs.getObject("id", UUID.class), rs.getString("customer_id"),
                    rs.getString("customer_email"), OrderStatus.valueOf(rs.getString("status")),
                    rs.getBigDecimal("total"), rs.getString("rejection_reason"),
                    rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                    rs.getLong("version") });
        });
        Map<UUID, List<OrderLine>> lines = new HashMap<>();
        jdbc.query(statement(
                "SELECT order_id, sku, quantity, unit_price FROM order_line WHERE order_id = ANY (?) ORDER BY order_id, line_no",
                array("uuid", idArray)),
                rs -> {
                    lines.computeIfAbsent(rs.getObject(1, UUID.class), id -> new ArrayList<>())
                            .add(OrderLine.restore(rs.getString(2), rs.getInt(3), rs.getBigDecimal(4)));
                });
        for (Object[] row : rows) {
            UUID id = (UUID) row[0];
            orders.put(id, Order.restore(id, (String) row[1], (String) row[2], (OrderStatus) row[3],
                    lines.getOrDefault(id, List.of()), (BigDecimal) row[4], (String) row[5],
                    (Instant) row[6], (Instant) row[7], (Long) row[8]));
        }
        return orders;
    }

    /** Writes the status, total, reason and line prices of orders that were confirmed or rejected. */
    void updateDecided(List<Order> orders) {
        if (orders.isEmpty()) {
            return;
        }
        int n = orders.size();
        UUID[] ids = new UUID[n];
        String[] statuses = new String[n];
        BigDecimal[] totals = new BigDecimal[n];
        String[] reasons = new String[n];
        Timestamp[] updatedAt = new Timestamp[n];
        List<UUID> lineOrders = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        List<BigDecimal> prices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Order order = orders.get(i);
            ids[i] = order.id();
            statuses[i] = order.status().name();
            totals[i] = order.total();
            reasons[i] = order.rejectionReason();
            updatedAt[i] = Timestamp.from(order.updatedAt());
            if (order.status() == OrderStatus.CONFIRMED) {
                List<OrderLine> lines = order.lines();
                for (int line = 0; line < lines.size(); line++) {
                    lineOrders.add(order.id());
                    lineNumbers.add(line);
                    prices.add(lines.get(line).unitPrice());
                }
            }
        }
        jdbc.update(statement(UPDATE_DECIDED, array("uuid", ids),
                array("text", statuses), array("numeric", totals),
                array("text", reasons), array("timestamptz", updatedAt)));
        if (!lineOrders.isEmpty()) {
            jdbc.update(statement(PRICE_LINES,
                    array("uuid", lineOrders.toArray()), array("int4", lineNumbers.toArray()),
                    array("numeric", prices.toArray())));
        }
    }

    /** An idempotency key's claim: the fingerprint of the request that made it, and the order it created. */
    record Claim(String fingerprint, UUID orderId) {
    }
}
