package io.orderflow.order.order;

import static io.orderflow.jdbc.SetStatements.array;
import static io.orderflow.jdbc.SetStatements.column;
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

/** Runs {@link OrderRepository}'s set-based statements with JDBC: PostgreSQL arrays unnested into rows. */
final class OrderBatchWritesImpl implements OrderBatchWrites {

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

    private static final String CLAIMS_OF = """
            SELECT idempotency_key, request_hash, order_id FROM idempotency_key WHERE idempotency_key = ANY (?)""";

    private static final String LOCK_ORDERS = """
            SELECT id, customer_id, customer_email, status, created_at
            FROM customer_order WHERE id = ANY (?) ORDER BY id FOR UPDATE""";

    private static final String LINES_OF = """
            SELECT order_id, sku, quantity FROM order_line WHERE order_id = ANY (?) ORDER BY order_id, line_no""";

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

    OrderBatchWritesImpl(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insertAll(List<Order> orders) {
        if (orders.isEmpty()) {
            return;
        }
        List<UUID> lineOrders = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        List<String> skus = new ArrayList<>();
        List<Integer> quantities = new ArrayList<>();
        for (Order order : orders) {
            List<OrderLine> lines = order.lines();
            for (int line = 0; line < lines.size(); line++) {
                lineOrders.add(order.id());
                lineNumbers.add(line);
                skus.add(lines.get(line).sku());
                quantities.add(lines.get(line).quantity());
            }
        }
        jdbc.update(statement(INSERT_ORDERS, Order.CURRENCY, column("uuid", orders, Order::id),
                column("text", orders, Order::customerId), column("text", orders, Order::customerEmail),
                column("timestamptz", orders, order -> Timestamp.from(order.createdAt()))));
        jdbc.update(statement(INSERT_LINES,
                array("uuid", lineOrders), array("int4", lineNumbers), array("text", skus), array("int4", quantities)));
    }

    @Override
    public Set<String> claimKeys(Map<String, KeyClaim> claims) {
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

    @Override
    public Map<String, KeyClaim> claimsOf(Collection<String> keys) {
        Map<String, KeyClaim> claims = new HashMap<>();
        if (keys.isEmpty()) {
            return claims;
        }
        jdbc.query(statement(CLAIMS_OF, array("text", keys.toArray())),
                rs -> {
                    claims.put(rs.getString(1), new KeyClaim(rs.getString(2), rs.getObject(3, UUID.class)));
                });
        return claims;
    }

    @Override
    public Map<UUID, OrderToDecide> lockToDecide(Collection<UUID> ids) {
        Map<UUID, OrderToDecide> orders = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return orders;
        }
        UUID[] idArray = ids.toArray(UUID[]::new);
        List<OrderRow> rows = new ArrayList<>();
        jdbc.query(statement(LOCK_ORDERS, array("uuid", idArray)), rs -> {
            rows.add(new OrderRow(rs.getObject("id", UUID.class), rs.getString("customer_id"),
                    rs.getString("customer_email"), OrderStatus.valueOf(rs.getString("status")),
                    rs.getTimestamp("created_at").toInstant()));
        });
        Map<UUID, List<OrderToDecide.Line>> lines = new HashMap<>();
        jdbc.query(statement(LINES_OF, array("uuid", idArray)),
                rs -> {
                    lines.computeIfAbsent(rs.getObject(1, UUID.class), id -> new ArrayList<>())
                            .add(new OrderToDecide.Line(rs.getString(2), rs.getInt(3)));
                });
        for (OrderRow row : rows) {
            orders.put(row.id(), new OrderToDecide(row.id(), row.customerId(), row.customerEmail(), row.status(),
                    row.placedAt(), lines.getOrDefault(row.id(), List.of())));
        }
        return orders;
    }

    @Override
    public void updateDecided(List<DecidedOrder> orders) {
        if (orders.isEmpty()) {
            return;
        }
        List<UUID> lineOrders = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        List<BigDecimal> prices = new ArrayList<>();
        for (DecidedOrder order : orders) {
            if (order.status() == OrderStatus.CONFIRMED) {
                List<DecidedOrder.Line> lines = order.lines();
                for (int line = 0; line < lines.size(); line++) {
                    lineOrders.add(order.id());
                    lineNumbers.add(line);
                    prices.add(lines.get(line).unitPrice());
                }
            }
        }
        jdbc.update(statement(UPDATE_DECIDED, column("uuid", orders, DecidedOrder::id),
                column("text", orders, order -> order.status().name()),
                column("numeric", orders, DecidedOrder::total),
                column("text", orders, DecidedOrder::rejectionReason),
                column("timestamptz", orders, order -> Timestamp.from(order.decidedAt()))));
        if (!lineOrders.isEmpty()) {
            jdbc.update(statement(PRICE_LINES,
                    array("uuid", lineOrders), array("int4", lineNumbers), array("numeric", prices)));
        }
    }

    /** A locked order's row, before its lines are read. */
    private record OrderRow(UUID id, String customerId, String customerEmail, OrderStatus status, Instant placedAt) {
    }
}
