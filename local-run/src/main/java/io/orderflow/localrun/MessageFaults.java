package io.orderflow.localrun;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Breaks the flow of records rather than a process: {@code replay} reads order-events again from the earliest offset
 * into a new group, which must change nothing; {@code dlt-unwritable} deletes order-events.DLT while a poison record
 * waits for it. Remembers every record injected as bad, which the audit then expects on the dead-letter topics.
 */
final class MessageFaults {

    private final LocalSystem system;
    private final LocalSettings settings;
    private final Supplier<KafkaEndpoint> kafka;
    private final Supplier<Admin> admins;
    /** Every record injected as bad, as {@code topic-partition@offset}. */
    private final Set<String> injectedBad = new HashSet<>();
    /** The records injected as bad since their dead-letter topic was last made: these it must hold. */
    private final Set<String> requiredDeadLetters = new HashSet<>();

    MessageFaults(LocalSystem system, LocalSettings settings, Supplier<KafkaEndpoint> kafka,
            Supplier<Admin> admins) {
        this.system = system;
        this.settings = settings;
        this.kafka = kafka;
        this.admins = admins;
    }

    /** Returns what the dead-letter topics must hold after the faults so far. */
    DeadLetters expectedDeadLetters() {
        return DeadLetters.of(injectedBad, requiredDeadLetters);
    }

    /** Replays order-events into a new inventory group once {@code quiet} has returned, and compares the state. */
    String replay(ProcessFaults.Fault quiet) throws Exception {
        quiet.inject();
        String before = inventorySnapshot();
        String group = "inventory-replay-" + UUID.randomUUID().toString().substring(0, 8);
        ServiceInstance replayer = ServiceInstance.second(settings, "inventory-service");
        system.startInstance(replayer, List.of("--orderflow.inventory.consumer-group=" + group));
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline && groupLag(group) != 0) {
            Thread.sleep(1000);
        }
        system.stopInstance(replayer.name());
        system.removeInstance(replayer);
        String after = inventorySnapshot();
        if (!before.equals(after)) {
            throw new IllegalStateException("A replay of order-events changed inventory's state");
        }
        return "order-events replayed from the earliest offset into new group " + group + ": state unchanged";
    }

    String deadLetterTopicGone(Duration loadTime) throws Exception {
        ProcessFaults.sleepRandomly(loadTime.dividedBy(3));
        try (Admin admin = admins.get()) {
            admin.deleteTopics(List.of("order-events.DLT")).all().get(30, TimeUnit.SECONDS);
            // the dead letters of earlier rounds went with the topic
            requiredDeadLetters.removeIf(origin -> origin.startsWith("order-events-"));
            UUID order = UUID.randomUUID();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(),
                    new StringSerializer(), new ByteArraySerializer())) {
                ProducerRecord<String, byte[]> poison = new ProducerRecord<>("order-events", order.toString(),
                        "{not json".getBytes(StandardCharsets.UTF_8));
                poison.headers().add("ce_specversion", bytes("1.0"))
                        .add("ce_id", bytes(UUID.randomUUID().toString()))
                        .add("ce_type", bytes("io.orderflow.OrderPlaced"))
                        .add("ce_source", bytes("/fault-suite"))
                        .add("ce_subject", bytes(order.toString()))
                        .add("content-type", bytes("application/json"));
                RecordMetadata sent = producer.send(poison).get(30, TimeUnit.SECONDS);
                // inventory-service dead-letters it; notification-service skips OrderPlaced on its header
                String origin = sent.topic() + "-" + sent.partition() + "@" + sent.offset();
                injectedBad.add(origin);
                requiredDeadLetters.add(origin);
            }
            Thread.sleep(20_000);
            admin.createTopics(List.of(system.kafkaLayout().newTopic("order-events.DLT"))).all()
                    .get(30, TimeUnit.SECONDS);
        }
        return "order-events.DLT deleted for 20 s while a poison record waited for it";
    }

    private long groupLag(String group) {
        try (Admin admin = admins.get()) {
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            if (committed.isEmpty()) {
                return -1;
            }
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            long lag = 0;
            for (var end : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                lag += Math.max(0, end.getValue().offset() - committed.get(end.getKey()).offset());
            }
            return committed.size() < 6 ? -1 : lag;
        }
        catch (Exception notYet) {
            return -1;
        }
    }

    /** Returns inventory's stock, ledger and reservations as text, to compare before and after a replay. */
    private String inventorySnapshot() throws Exception {
        StringBuilder snapshot = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(system.database().jdbcUrl("inventory"),
                system.database().admin().username(), system.database().admin().password());
             Statement statement = connection.createStatement()) {
            for (String query : List.of(
                    "SELECT sku, available, reserved FROM product ORDER BY sku",
                    "SELECT order_id, status, rejection_reason FROM order_ledger ORDER BY order_id",
                    "SELECT order_id, sku, quantity FROM reservation ORDER BY order_id, sku",
                    "SELECT count(*) FROM outbox_event")) {
                try (ResultSet rs = statement.executeQuery(query)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int column = 1; column <= columns; column++) {
                            snapshot.append(rs.getString(column)).append(' ');
                        }
                        snapshot.append('\n');
                    }
                }
            }
        }
        return snapshot.toString();
    }

    private Properties producerConfig() {
        Properties config = kafka.get().clientProperties();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
