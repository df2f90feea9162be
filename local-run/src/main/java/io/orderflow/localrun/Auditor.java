package io.orderflow.localrun;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import io.orderflow.harness.Invariants;
import io.orderflow.harness.Invariants.FinalOrder;
import io.orderflow.harness.Invariants.Notification;
import io.orderflow.harness.Invariants.NotificationCheck;
import io.orderflow.harness.Invariants.ProductState;
import io.orderflow.harness.JsonClient;

/**
 * Checks the promises of a running Orderflow against its databases, its broker and its services, and names the ids
 * that break them:
 * <ul>
 * <li>I1: every accepted order is final, or within its timeout (and every order a client was told about exists);</li>
 * <li>I2: per sku, stock is conserved (initial + adjustments = available + reserved), and reserved = the quantities
 * of CONFIRMED orders;</li>
 * <li>I3: no order holds two reservations of a sku, and there is exactly one notification per (order, type) that
 * its final status calls for, sent;</li>
 * <li>I4: every outbox is drained and nothing is parked;</li>
 * <li>I5: every consumer group's lag is 0, and the dead-letter topics hold exactly the records injected as bad;</li>
 * <li>I6: every listener container of every instance is running.</li>
 * </ul>
 * Used by {@code ./orderflow audit}, by the fault suite after each fault, and by the tests.
 */
final class Auditor {

    private final Function<String, String> jdbcUrl;
    private final String username;
    private final String password;
    private final BrokerReadings broker;
    private final RunningListeners listeners;

    Auditor(Function<String, String> jdbcUrl, String username, String password, KafkaEndpoint kafka,
            String bearerToken) {
        this.listeners = new RunningListeners(new JsonClient(bearerToken));
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.broker = new BrokerReadings(kafka);
    }

    /**
     * What the auditor is told besides what it reads.
     *
     * @param toldOrderIds the orders a client was told about (201 or 200); each must exist and be final
     * @param deadLetters what the dead-letter topics must hold
     * @param pendingTimeout how long an order may stay PENDING
     * @param serviceUrls the base URL of every service instance
     */
    record Expectations(Collection<String> toldOrderIds, DeadLetters deadLetters, Duration pendingTimeout,
            List<String> serviceUrls) {
    }

    /**
     * One invariant's verdict.
     *
     * @param id I1 to I6
     * @param offenders what breaks it, with ids; empty when it holds
     */
    record Verdict(String id, String promise, List<String> offenders) {

        boolean held() {
            return offenders.isEmpty();
        }

        @Override
        public String toString() {
            return id + " " + (held() ? "held  " : "BROKEN") + " " + promise + (held() ? ""
                    : ": " + offenders.size() + " offender(s), first " + offenders.subList(0,
                            Math.min(5, offenders.size())));
        }
    }

    /** Runs every check and returns the six verdicts, in order. */
    List<Verdict> audit(Expectations expected) throws Exception {
        try (Connection orders = connect("orders");
             Connection inventory = connect("inventory");
             Connection notifications = connect("notifications")) {
            Map<String, OrderRow> allOrders = orders(orders);
            return List.of(
                    finalOrders(allOrders, expected),
                    stock(inventory, allOrders),
                    onceOnly(inventory, notifications, allOrders),
                    drainedOutboxes(orders, inventory),
                    noLagAndExpectedDeadLetters(expected.deadLetters()),
                    listeners.check(expected.serviceUrls()));
        }
    }

    /** Tells whether the system has settled: no PENDING order, no waiting outbox row, no lag, no e-mail to send. */
    boolean isQuiet() {
        try (Connection orders = connect("orders");
             Connection inventory = connect("inventory");
             Connection notifications = connect("notifications")) {
            return count(orders, "SELECT count(*) FROM customer_order WHERE status = 'PENDING'") == 0
                    && count(orders, "SELECT count(*) FROM outbox_event") == 0
                    && count(inventory, "SELECT count(*) FROM outbox_event") == 0
                    && count(notifications, "SELECT count(*) FROM notification WHERE status = 'PENDING'") == 0
                    && broker.lagByGroup().values().stream().allMatch(lag -> lag == 0);
        }
        catch (Exception notYet) {
            return false;
        }
    }

    private record OrderRow(String id, String status, long ageSeconds, Map<String, Integer> lines) {

        FinalOrder order() {
            return new FinalOrder(id, status, lines);
        }
    }

    private Verdict finalOrders(Map<String, OrderRow> orders, Expectations expected) {
        List<String> offenders = new ArrayList<>();
        for (String id : expected.toldOrderIds()) {
            if (!orders.containsKey(id)) {
                offenders.add("lost " + id);
            }
        }
        for (OrderRow order : orders.values()) {
            if (order.status().equals("PENDING") && order.ageSeconds() > expected.pendingTimeout().toSeconds()) {
                offenders.add("PENDING for " + order.ageSeconds() + " s " + order.id());
            }
            else if (order.status().equals("PENDING") && expected.toldOrderIds().contains(order.id())) {
                offenders.add("still PENDING " + order.id());
            }
        }
        return new Verdict("I1", "every accepted order is final", offenders);
    }

    private Verdict stock(Connection inventory, Map<String, OrderRow> orders) throws SQLException {
        Map<String, Long> putIn = new HashMap<>();
        Map<String, ProductState> actual = new HashMap<>();
        try (PreparedStatement statement = inventory.prepareStatement("""
                SELECT p.sku, p.initial_stock, p.available, p.reserved,
                       COALESCE((SELECT sum(a.delta) FROM stock_adjustment a WHERE a.sku = p.sku), 0) AS adjusted
                FROM product p ORDER BY p.sku""");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                String sku = rs.getString("sku");
                putIn.put(sku, rs.getLong("initial_stock") + rs.getLong("adjusted"));
                actual.put(sku, new ProductState(sku, rs.getLong("available"), rs.getLong("reserved")));
            }
        }
        List<String> offenders = Invariants.checkStock(putIn, actual, Invariants.confirmedQuantities(
                orders.values().stream().map(OrderRow::order).toList()));
        return new Verdict("I2", "stock is conserved and reserved = CONFIRMED quantities", offenders);
    }

    private Verdict onceOnly(Connection inventory, Connection notifications, Map<String, OrderRow> orders)
            throws SQLException {
        List<String> offenders = new ArrayList<>();
        // the reservation table's key is (order_id, sku); a ledger row counts an order's reservation once
        try (PreparedStatement statement = inventory.prepareStatement("""
                SELECT r.order_id::text AS order_id, r.sku, r.quantity
                FROM reservation r JOIN order_ledger l ON l.order_id = r.order_id
                WHERE l.status = 'RESERVED'""");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                OrderRow order = orders.get(rs.getString("order_id"));
                Integer ordered = order == null ? null : order.lines().get(rs.getString("sku"));
                if (order == null || !order.status().equals("CONFIRMED") || ordered == null
                        || ordered != rs.getInt("quantity")) {
                    offenders.add("reservation of " + rs.getInt("quantity") + " " + rs.getString("sku")
                            + " held for " + (order == null ? "an unknown" : "a " + order.status()) + " order "
                            + rs.getString("order_id"));
                }
            }
        }
        Map<String, List<Notification>> mails = new HashMap<>();
        try (PreparedStatement statement = notifications.prepareStatement(
                "SELECT order_id::text AS order_id, type, status FROM notification");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                mails.computeIfAbsent(rs.getString("order_id"), id -> new ArrayList<>())
                        .add(new Notification(rs.getString("type"), rs.getString("status")));
            }
        }
        for (OrderRow order : orders.values()) {
            if (Invariants.FINAL_STATUSES.contains(order.status())) {
                // whether a cancelled order had been confirmed first is not recorded: its e-mail is allowed
                NotificationCheck check = Invariants.checkNotifications(order.status(), false,
                        mails.getOrDefault(order.id(), List.of()));
                if (check.verdict() != Invariants.Verdict.OK) {
                    offenders.add(check.detail() + " for " + order.id());
                }
            }
        }
        return new Verdict("I3", "no duplicate reservation; one notification per (order, type), sent", offenders);
    }

    private Verdict drainedOutboxes(Connection orders, Connection inventory) throws SQLException {
        List<String> offenders = new ArrayList<>();
        for (Map.Entry<String, Connection> database : Map.of("orders", orders, "inventory", inventory).entrySet()) {
            long waiting = count(database.getValue(), "SELECT count(*) FROM outbox_event");
            long parked = count(database.getValue(), "SELECT count(*) FROM outbox_parked");
            if (waiting > 0) {
                offenders.add(database.getKey() + ": " + waiting + " outbox events waiting");
            }
            if (parked > 0) {
                offenders.add(database.getKey() + ": " + parked + " outbox events parked");
            }
        }
        return new Verdict("I4", "every outbox is drained", offenders);
    }

    private Verdict noLagAndExpectedDeadLetters(DeadLetters expected) throws Exception {
        List<String> offenders = new ArrayList<>();
        broker.lagByGroup().forEach((group, lag) -> {
            if (lag != 0) {
                offenders.add(group + " lags by " + lag);
            }
        });
        offenders.addAll(expected.offendersAmong(broker.deadLetterOrigins()));
        return new Verdict("I5", "no consumer lag; dead letters = records injected as bad", offenders);
    }

    private Map<String, OrderRow> orders(Connection orders) throws SQLException {
        Map<String, OrderRow> rows = new HashMap<>();
        try (PreparedStatement statement = orders.prepareStatement("""
                SELECT o.id::text AS id, o.status, EXTRACT(EPOCH FROM now() - o.created_at)::bigint AS age,
                       l.sku, l.quantity
                FROM customer_order o JOIN order_line l ON l.order_id = o.id""");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                OrderRow row = rows.computeIfAbsent(rs.getString("id"), id -> {
                    try {
                        return new OrderRow(id, rs.getString("status"), rs.getLong("age"), new TreeMap<>());
                    }
                    catch (SQLException ex) {
                        throw new IllegalStateException(ex);
                    }
                });
                row.lines().put(rs.getString("sku"), rs.getInt("quantity"));
            }
        }
        return rows;
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl.apply(database), username, password);
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
