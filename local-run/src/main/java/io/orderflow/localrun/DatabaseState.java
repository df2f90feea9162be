package io.orderflow.localrun;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads what each service's database holds about one order: order-service's order and lines, inventory-service's
 * ledger row, reservations and the stock of their skus, notification-service's e-mails with their attempts, and in
 * every database the order's outbox rows that wait for the relay or were parked.
 */
final class DatabaseState {

    static final String ORDER_SERVICE = "order-service";
    static final String INVENTORY_SERVICE = "inventory-service";
    static final String NOTIFICATION_SERVICE = "notification-service";

    private static final String OUTBOX_WAITING = """
            SELECT id, event_id, topic, event_type, occurred_at, attempts, last_error
            FROM outbox_event WHERE event_key = ? ORDER BY id""";
    private static final String OUTBOX_PARKED = """
            SELECT id, event_id, topic, event_type, occurred_at, attempts, last_error, parked_at
            FROM outbox_parked WHERE event_key = ? ORDER BY id""";

    private final Function<String, String> jdbcUrl;
    private final Database.Login login;

    DatabaseState(Function<String, String> jdbcUrl, Database.Login login) {
        this.jdbcUrl = jdbcUrl;
        this.login = login;
    }

    /** Reads the databases of the local run, or of the external PostgreSQL the settings name (such as compose's). */
    static DatabaseState of(LocalSettings settings) {
        String prefix = Database.urlPrefix(settings);
        return new DatabaseState(database -> prefix + database, Database.adminLogin(settings));
    }

    /**
     * What one service's database holds about the order.
     *
     * @param service the service that owns the database
     * @param tables rows by what they are ("order", "lines", "outboxWaiting", ...), each row column by column
     * @param unavailable why the database could not be read, or null
     */
    record ServiceState(String service, Map<String, List<Map<String, Object>>> tables, String unavailable) {

        List<Map<String, Object>> rows(String table) {
            return tables.getOrDefault(table, List.of());
        }
    }

    /** Reads the three databases; one that cannot be read is reported as unavailable, the others still are. */
    List<ServiceState> read(String orderId) {
        UUID id = uuidOrNull(orderId);
        ServiceState orders = read(ORDER_SERVICE, "orders", orderId, (connection, tables) -> {
            if (id != null) {
                tables.put("order", query(connection, """
                        SELECT status, customer_id, customer_email, total, currency, rejection_reason,
                               cancellation_reason, created_at, updated_at
                        FROM customer_order WHERE id = ?""", id));
                tables.put("lines", query(connection,
                        "SELECT line_no, sku, quantity, unit_price FROM order_line WHERE order_id = ? ORDER BY line_no",
                        id));
            }
        });
        List<String> skus = orders.rows("lines").stream().map(line -> (String) line.get("sku")).toList();
        ServiceState inventory = read(INVENTORY_SERVICE, "inventory", orderId, (connection, tables) -> {
            if (id != null) {
                tables.put("ledger", query(connection,
                        "SELECT status, rejection_reason, created_at, updated_at FROM order_ledger WHERE order_id = ?",
                        id));
                tables.put("reservations", query(connection,
                        "SELECT sku, quantity, unit_price FROM reservation WHERE order_id = ? ORDER BY sku", id));
                List<String> held = Stream.concat(skus.stream(),
                        tables.get("reservations").stream().map(row -> (String) row.get("sku"))).distinct().toList();
                tables.put("stock", query(connection,
                        "SELECT sku, available, reserved FROM product WHERE sku = ANY (?) ORDER BY sku",
                        connection.createArrayOf("varchar", held.toArray())));
            }
        });
        ServiceState notifications = read(NOTIFICATION_SERVICE, "notifications", orderId, (connection, tables) -> {
            if (id != null) {
                tables.put("notifications", query(connection, """
                        SELECT type, channel, recipient, status, attempts, next_attempt_at, last_error, created_at,
                               sent_at
                        FROM notification WHERE order_id = ? ORDER BY created_at, type""", id));
            }
        });
        return List.of(orders, inventory, notifications);
    }

    /** Returns the earliest time any row of the order was written, or null when no row was found. */
    static Instant earliest(List<ServiceState> states) {
        return times(states).min(Instant::compareTo).orElse(null);
    }

    /** Returns the latest time any row of the order was written or changed, or null when no row was found. */
    static Instant latest(List<ServiceState> states) {
        return times(states).max(Instant::compareTo).orElse(null);
    }

    /** Tells whether the order is settled: it exists, is not PENDING, and no outbox row of it waits for the relay. */
    static boolean settled(List<ServiceState> states) {
        List<Map<String, Object>> order = states.getFirst().rows("order");
        return !order.isEmpty() && !"PENDING".equals(order.getFirst().get("status"))
                && states.stream().allMatch(state -> state.rows("outboxWaiting").isEmpty());
    }

    private static Stream<Instant> times(List<ServiceState> states) {
        return states.stream().flatMap(state -> state.tables().values().stream()).flatMap(List::stream)
                .flatMap(row -> Stream.of(row.get("created_at"), row.get("updated_at"), row.get("sent_at"),
                        row.get("occurred_at"), row.get("parked_at")))
                .filter(Objects::nonNull).map(value -> Instant.parse((String) value));
    }

    private interface Reader {

        void read(Connection connection, Map<String, List<Map<String, Object>>> tables) throws SQLException;
    }

    private ServiceState read(String service, String database, String orderId, Reader reader) {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        Properties properties = new Properties();
        properties.put("user", login.username());
        properties.put("password", login.password());
        properties.put("connectTimeout", "5");
        properties.put("socketTimeout", "30");
        properties.put("ApplicationName", "orderflow-journey");
        try (Connection connection = DriverManager.getConnection(jdbcUrl.apply(database), properties)) {
            connection.setReadOnly(true);
            reader.read(connection, tables);
            if (exists(connection, "outbox_event")) {
                tables.put("outboxWaiting", query(connection, OUTBOX_WAITING, orderId));
            }
            if (exists(connection, "outbox_parked")) {
                tables.put("outboxParked", query(connection, OUTBOX_PARKED, orderId));
            }
            return new ServiceState(service, tables, null);
        }
        catch (SQLException ex) {
            return new ServiceState(service, tables, database + " at " + jdbcUrl.apply(database) + ": "
                    + ex.getMessage());
        }
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static List<Map<String, Object>> query(Connection connection, String sql, Object parameter)
            throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                ResultSetMetaData columns = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns.getColumnCount(); i++) {
                        row.put(columns.getColumnLabel(i), value(rs.getObject(i)));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** Keeps numbers and texts; writes instants as ISO-8601 in UTC and anything else as its text. */
    private static Object value(Object column) {
        return switch (column) {
            case null -> null;
            case Timestamp timestamp -> timestamp.toInstant().toString();
            case String text -> text;
            case BigDecimal decimal -> decimal;
            case Number number -> number;
            case Boolean flag -> flag;
            default -> column.toString();
        };
    }

    private static UUID uuidOrNull(String orderId) {
        try {
            return UUID.fromString(orderId);
        }
        catch (IllegalArgumentException notAnId) {
            return null;
        }
    }
}
