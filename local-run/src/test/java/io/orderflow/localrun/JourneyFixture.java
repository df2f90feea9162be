package io.orderflow.localrun;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;

import io.orderflow.harness.ChildProcess;

/**
 * The local run's broker (SASL, users, ACLs and topics as {@code ./orderflow run} makes them) and its embedded
 * PostgreSQL with the services' own migrations, on free ports, and the writes that put an order's traces there: rows
 * as the services write them, records as their producers send them, offsets as their consumer groups commit them.
 */
final class JourneyFixture implements AutoCloseable {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    final LocalSettings settings;
    private final ChildProcess broker;
    private final Database database;

    private JourneyFixture(LocalSettings settings, ChildProcess broker, Database database) {
        this.settings = settings;
        this.broker = broker;
        this.database = database;
    }

    /** Starts the broker and PostgreSQL in {@code state} and migrates the three databases. */
    static JourneyFixture start(Path state) throws Exception {
        LocalSettings settings = new LocalSettings(ROOT, state, Map.of(
                "ORDERFLOW_KAFKA_PORT", Integer.toString(freePort()),
                "ORDERFLOW_KAFKA_CONTROLLER_PORT", Integer.toString(freePort()),
                "ORDERFLOW_POSTGRES_PORT", Integer.toString(freePort())));
        KafkaBroker kafka = new KafkaBroker(settings);
        ChildProcess broker = kafka.start();
        Database database = Database.start(settings);
        JourneyFixture fixture = new JourneyFixture(settings, broker, database);
        kafka.awaitReady(broker, Duration.ofSeconds(120));
        fixture.migrate("orders", "order-service");
        fixture.migrate("inventory", "inventory-service");
        fixture.migrate("notifications", "notification-service");
        return fixture;
    }

    static boolean launcherIsPackaged() {
        return Files.isRegularFile(ROOT.resolve("local-run/target/orderflow-local-run.jar"));
    }

    /** Reads {@code orderId}'s journey as {@code ./orderflow journey} does. */
    JourneyCommand.Journey journey(String orderId, String traceUrl) throws Exception {
        return JourneyCommand.trace(DatabaseState.of(settings), KafkaEndpoint.forOps(settings), orderId, traceUrl);
    }

    /** Runs {@code sql} with {@code parameters} in {@code databaseName} as the launcher's admin. */
    void sql(String databaseName, String sql, Object... parameters) throws SQLException {
        Database.Login admin = database.admin();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(databaseName), admin.username(),
                admin.password());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object parameter = parameters[i];
                statement.setObject(i + 1, parameter instanceof Instant instant ? Timestamp.from(instant) : parameter);
            }
            statement.execute();
        }
    }

    /** Writes an order and its lines (sku, quantity, unit price) as order-service does. */
    void order(UUID id, String status, String rejection, String cancellation, Instant created, Instant updated,
            Object... lines) throws SQLException {
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < lines.length; i += 3) {
            total = total.add(((BigDecimal) lines[i + 2]).multiply(BigDecimal.valueOf((Integer) lines[i + 1])));
            sql("orders", "INSERT INTO order_line (order_id, line_no, sku, quantity, unit_price) VALUES (?, ?, ?, ?, ?)",
                    id, i / 3 + 1, lines[i], lines[i + 1], lines[i + 2]);
        }
        sql("orders", """
                INSERT INTO customer_order (id, customer_id, customer_email, status, total, currency, rejection_reason,
                    cancellation_reason, created_at, updated_at, version)
                VALUES (?, 'c-42', 'ann@example.com', ?, ?, 'EUR', ?, ?, ?, ?, 1)""",
                id, status, status.equals("CONFIRMED") || status.equals("CANCELLED") ? total : null, rejection,
                cancellation, created, updated);
    }

    /** Writes the order's ledger row in inventory-service, with its reservations (sku, quantity, unit price). */
    void ledger(UUID id, String status, String rejection, Instant created, Instant updated, Object... reservations)
            throws SQLException {
        sql("inventory", "INSERT INTO order_ledger (order_id, status, rejection_reason, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?)", id, status, rejection, created, updated);
        for (int i = 0; i < reservations.length; i += 3) {
            sql("inventory", "INSERT INTO reservation (order_id, sku, quantity, unit_price) VALUES (?, ?, ?, ?)", id,
                    reservations[i], reservations[i + 1], reservations[i + 2]);
        }
    }

    /** Writes notification-service's e-mail of {@code type} for the order, SENT or PENDING with a last error. */
    void notification(UUID id, String type, String status, int attempts, String lastError, Instant created)
            throws SQLException {
        sql("notifications", """
                INSERT INTO notification (id, order_id, type, channel, recipient, subject, body, status, attempts,
                    next_attempt_at, last_error, created_at, sent_at)
                VALUES (?, ?, ?, 'EMAIL', 'ann@example.com', 'Your order', 'Hello', ?, ?, ?, ?, ?, ?)""",
                UUID.randomUUID(), id, type, status, attempts, created, lastError, created,
                status.equals("SENT") ? created.plusMillis(50) : null);
    }

    /** Sends an event of the order as {@code user} would, stamped {@code time}; returns where it was written. */
    RecordMetadata publish(String user, String topic, UUID orderId, String type, Instant time,
            String... extraHeaders) throws Exception {
        return publish(user, topic, orderId.toString(), type, time, extraHeaders);
    }

    /** Sends a record of any key, with CloudEvents headers and {@code extraHeaders} (name, value, ...). */
    RecordMetadata publish(String user, String topic, String key, String type, Instant time, String... extraHeaders)
            throws Exception {
        String source = topic.startsWith("order-events") ? "/order-service" : "/inventory-service";
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, time.toEpochMilli(),
                key.getBytes(StandardCharsets.UTF_8), ("{\"orderId\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8));
        List<String> headers = new ArrayList<>(List.of("ce_id", UUID.randomUUID().toString(), "ce_type", type,
                "ce_source", source, "ce_specversion", "1.0", "ce_time", time.toString(), "ce_subject", key));
        headers.addAll(Arrays.asList(extraHeaders));
        for (int i = 0; i < headers.size(); i += 2) {
            record.headers().add(headers.get(i), headers.get(i + 1).getBytes(StandardCharsets.UTF_8));
        }
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(KafkaEndpoint.of(settings, user))) {
            return producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }

    /** Sends a dead letter of the record at {@code origin}, as a consumer's error handler does: same partition. */
    RecordMetadata deadLetter(RecordMetadata origin, UUID orderId, String type, String reason, String message,
            String group) throws Exception {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(origin.topic() + ".DLT", origin.partition(),
                orderId.toString().getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8))
                .add("ce_source", "/order-service".getBytes(StandardCharsets.UTF_8))
                .add("orderflow-dlt-reason", reason.getBytes(StandardCharsets.UTF_8))
                .add("kafka_dlt-exception-message", message.getBytes(StandardCharsets.UTF_8))
                .add("kafka_dlt-original-consumer-group", group.getBytes(StandardCharsets.UTF_8))
                .add(new RecordHeader("kafka_dlt-original-topic", origin.topic().getBytes(StandardCharsets.UTF_8)))
                .add("kafka_dlt-original-partition", java.nio.ByteBuffer.allocate(4).putInt(origin.partition()).array())
                .add("kafka_dlt-original-offset", java.nio.ByteBuffer.allocate(8).putLong(origin.offset()).array());
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(
                KafkaEndpoint.of(settings, KafkaAccess.INVENTORY_SERVICE))) {
            return producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }

    /** Commits {@code offset} on the record's partition in {@code group}, as that group's consumer would. */
    void commit(String group, RecordMetadata record, long offset) throws Exception {
        try (Admin admin = KafkaClients.admin(KafkaEndpoint.of(settings, KafkaAccess.ADMIN))) {
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(offset))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Returns a random order id whose events go to {@code partition} of six. */
    static UUID orderOnPartition(int partition) {
        while (true) {
            UUID id = UUID.randomUUID();
            if (EventTrail.partitionFor(id.toString(), 6) == partition) {
                return id;
            }
        }
    }

    @Override
    public void close() {
        broker.requestStop();
        broker.awaitStop(Duration.ofSeconds(30));
        database.close();
    }

    /** Runs the Flyway migrations of {@code service} and of the messaging module it uses, in version order. */
    private void migrate(String databaseName, String service) throws IOException, SQLException {
        List<Path> scripts;
        try (Stream<Path> platform = Files.list(ROOT.resolve("platform/messaging/src/main/resources/db/migration"));
             Stream<Path> own = Files.list(ROOT.resolve(service + "/src/main/resources/db/migration"))) {
            scripts = Stream.concat(platform, own).filter(path -> path.getFileName().toString().endsWith(".sql"))
                    .sorted(Comparator.comparing(JourneyFixture::version)).toList();
        }
        Database.Login owner = database.migrationLogin(databaseName);
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(databaseName), owner.username(),
                owner.password());
             Statement statement = connection.createStatement()) {
            for (Path script : scripts) {
                statement.execute(Files.readString(script));
            }
        }
    }

    /** Returns a Flyway version such as {@code V0_3} as a sortable number: 0.3 before 1 before 2. */
    private static BigDecimal version(Path script) {
        String name = script.getFileName().toString();
        return new BigDecimal(name.substring(1, name.indexOf("__")).replaceFirst("_", ".").replace("_", ""));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
