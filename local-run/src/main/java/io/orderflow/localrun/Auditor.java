package io.orderflow.localrun;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

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

    static final Map<String, List<String>> GROUP_TOPICS = Map.of(
            "inventory-service", List.of("order-events"),
            "order-service", List.of("inventory-events"),
            "notification-service", List.of("order-events"));
    static final List<String> DEAD_LETTER_TOPICS = List.of("order-events.DLT", "inventory-events.DLT");

    private final Function<String, String> jdbcUrl;
    private final String username;
    private final String password;
    private final KafkaEndpoint kafka;
    private final JsonHttp http;

    Auditor(Function<String, String> jdbcUrl, String username, String password, KafkaEndpoint kafka,
            String bearerToken) {
        this.http = new JsonHttp(bearerToken);
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.kafka = kafka;
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
     * What the dead-letter topics must hold, as source records named {@code topic-partition@offset} (see
     * {@link #originOf}): either a number of them, or every {@code required} one and nothing but {@code injected}
     * ones. A record injected before its dead-letter topic was deleted is not required, but a replay may dead-letter
     * it again.
     */
    record DeadLetters(long count, Set<String> injected, Set<String> required) {

        /** Expects {@code count} distinct source records, whichever they are. */
        static DeadLetters count(long count) {
            return new DeadLetters(count, null, null);
        }

        /** Expects every record of {@code required}, and no record that is not in {@code injected}. */
        static DeadLetters of(Set<String> injected, Set<String> required) {
            return new DeadLetters(-1, Set.copyOf(injected), Set.copyOf(required));
        }
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
                    runningListeners(expected.serviceUrls()));
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
                    && lagByGroup().values().stream().allMatch(lag -> lag == 0);
        }
        catch (Exception notYet) {
            return false;
        }
    }

    private record OrderRow(String id, String status, long ageSeconds, Map<String, Integer> lines) {
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
        Map<String, Long> confirmed = new HashMap<>();
        for (OrderRow order : orders.values()) {
            if (order.status().equals("CONFIRMED")) {
                order.lines().forEach((sku, quantity) -> confirmed.merge(sku, (long) quantity, Long::sum));
            }
        }
        List<String> offenders = new ArrayList<>();
        try (PreparedStatement statement = inventory.prepareStatement("""
                SELECT p.sku, p.initial_stock, p.available, p.reserved,
                       COALESCE((SELECT sum(a.delta) FROM stock_adjustment a WHERE a.sku = p.sku), 0) AS adjusted
                FROM product p ORDER BY p.sku""");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                String sku = rs.getString("sku");
                long initial = rs.getLong("initial_stock");
                long available = rs.getLong("available");
                long reserved = rs.getLong("reserved");
                long adjusted = rs.getLong("adjusted");
                if (available < 0 || reserved < 0) {
                    offenders.add(sku + " negative: available " + available + ", reserved " + reserved);
                }
                if (initial + adjusted != available + reserved) {
                    offenders.add(sku + " not conserved: " + initial + " + " + adjusted + " != " + available + " + "
                            + reserved);
                }
                long taken = confirmed.getOrDefault(sku, 0L);
                if (reserved != taken) {
                    offenders.add(sku + " reserved " + reserved + " but CONFIRMED orders hold " + taken);
                }
            }
        }
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
        Map<String, Map<String, String>> mails = new HashMap<>();
        try (PreparedStatement statement = notifications.prepareStatement(
                "SELECT order_id::text AS order_id, type, status, count(*) OVER (PARTITION BY order_id, type) AS n "
                        + "FROM notification");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                if (rs.getLong("n") > 1) {
                    offenders.add(rs.getLong("n") + " " + rs.getString("type") + " notifications for "
                            + rs.getString("order_id"));
                }
                mails.computeIfAbsent(rs.getString("order_id"), id -> new HashMap<>())
                        .put(rs.getString("type"), rs.getString("status"));
            }
        }
        for (OrderRow order : orders.values()) {
            Map<String, String> sent = mails.getOrDefault(order.id(), Map.of());
            String required = switch (order.status()) {
                case "CONFIRMED" -> "ORDER_CONFIRMED";
                case "REJECTED" -> "ORDER_REJECTED";
                case "CANCELLED" -> "ORDER_CANCELLED";
                default -> null;
            };
            if (required != null && !"SENT".equals(sent.get(required))) {
                offenders.add(required + " e-mail " + (sent.containsKey(required) ? sent.get(required) : "missing")
                        + " for " + order.id());
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
        lagByGroup().forEach((group, lag) -> {
            if (lag != 0) {
                offenders.add(group + " lags by " + lag);
            }
        });
        Set<String> held = deadLetterOrigins();
        if (expected.injected() == null) {
            if (held.size() != expected.count()) {
                offenders.add("the dead-letter topics hold " + held.size() + " distinct records, " + expected.count()
                        + " were injected");
            }
        }
        else {
            held.stream().filter(origin -> !expected.injected().contains(origin)).sorted()
                    .forEach(origin -> offenders.add("dead letter of " + origin + ", which was not injected as bad"));
            expected.required().stream().filter(origin -> !held.contains(origin)).sorted()
                    .forEach(origin -> offenders.add(origin + " was injected as bad and is not dead-lettered"));
        }
        return new Verdict("I5", "no consumer lag; dead letters = records injected as bad", offenders);
    }

    private Verdict runningListeners(List<String> serviceUrls) {
        List<String> offenders = new ArrayList<>();
        for (String url : serviceUrls) {
            try {
                JsonHttp.Answer answer = http.get(url + "/actuator/messaging");
                if (!answer.isSuccess()) {
                    offenders.add(url + " answered " + answer.status());
                    continue;
                }
                JsonNode consumers = answer.body().path("consumers");
                if (consumers.isEmpty()) {
                    offenders.add(url + " has no listener container");
                }
                consumers.fields().forEachRemaining(consumer -> {
                    if (!consumer.getValue().asText().equals("running")) {
                        offenders.add(url + " " + consumer.getKey() + " is " + consumer.getValue().asText());
                    }
                });
            }
            catch (Exception ex) {
                offenders.add(url + " unreachable: " + ex);
            }
        }
        return new Verdict("I6", "every listener container is running", offenders);
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

    /** Returns each consumer group's total lag on the topics it reads. */
    Map<String, Long> lagByGroup() throws Exception {
        try (Admin admin = admin()) {
            Map<String, Long> lags = new TreeMap<>();
            for (Map.Entry<String, List<String>> group : GROUP_TOPICS.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.getKey())
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (String topic : group.getValue()) {
                    admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                            .partitions().forEach(partition -> latest.put(
                                    new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
                }
                Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                        .get(10, TimeUnit.SECONDS);
                long lag = 0;
                for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
                    OffsetAndMetadata offset = committed.get(end.getKey());
                    lag += Math.max(0, end.getValue().offset() - (offset == null ? 0 : offset.offset()));
                }
                lags.put(group.getKey(), lag);
            }
            return lags;
        }
    }

    /**
     * Returns the source records of the dead letters, told apart by the topic, partition and offset they came from: a
     * record that a replay group (or a second group that rejects it too) dead-letters again is still one bad record.
     */
    Set<String> deadLetterOrigins() {
        Set<String> originals = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(kafka, null)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : DEAD_LETTER_TOPICS) {
                consumer.partitionsFor(topic, Duration.ofSeconds(10)).forEach(
                        partition -> partitions.add(new TopicPartition(topic, partition.partition())));
            }
            if (partitions.isEmpty()) {
                return originals;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    originals.add(originOf(record));
                }
            }
        }
        return originals;
    }

    /** Names the record a dead letter came from, or the dead letter itself when it has no origin headers. */
    static String originOf(ConsumerRecord<byte[], byte[]> record) {
        Header topic = record.headers().lastHeader("kafka_dlt-original-topic");
        Header partition = record.headers().lastHeader("kafka_dlt-original-partition");
        Header offset = record.headers().lastHeader("kafka_dlt-original-offset");
        if (topic == null || partition == null || offset == null) {
            return record.topic() + "-" + record.partition() + "@" + record.offset();
        }
        return new String(topic.value(), StandardCharsets.UTF_8) + "-" + ByteBuffer.wrap(partition.value()).getInt()
                + "@" + ByteBuffer.wrap(offset.value()).getLong();
    }

    private Admin admin() {
        Properties config = kafka.clientProperties();
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "orderflow-auditor");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return Admin.create(config);
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
