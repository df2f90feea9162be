package io.orderflow.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Records every record published to some topics from the moment it is started, so that tests can assert on what a
 * service published. Reads every partition from its end, without a consumer group.
 *
 * <p>A test class records for all its tests with {@code @RegisterExtension static final TopicRecorder events =
 * TopicRecorder.recording("order-events");}: the recorder starts before the class's first test and stops after its
 * {@code @AfterAll} methods, so that these can still read what was recorded.
 */
public final class TopicRecorder implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
    private final List<String> topics;
    private volatile Thread poller;
    private volatile boolean running = true;

    private TopicRecorder(List<String> topics) {
        this.topics = topics;
    }

    private TopicRecorder start() {
        String bootstrapServers = TestInfrastructure.kafka().bootstrapServers();
        TestTopics.ensureExist(bootstrapServers, topics);
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // resolve the end offsets now, so that nothing published after start returns is missed
        partitions.forEach(consumer::position);
        poller = Thread.ofPlatform().daemon().name("topic-recorder").start(() -> {
            try (consumer) {
                while (running) {
                    consumer.poll(Duration.ofMillis(50)).forEach(records::add);
                }
            }
        });
        return this;
    }

    /** Starts recording the given topics of the shared test broker. */
    public static TopicRecorder record(String... topics) {
        return new TopicRecorder(List.of(topics)).start();
    }

    /** Returns a recorder of the given topics that a test class registers as an extension, started before all tests. */
    public static TopicRecorder recording(String... topics) {
        return new TopicRecorder(List.of(topics));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        close();
    }

    /** Returns what has been recorded so far. */
    public List<ConsumerRecord<String, byte[]>> records() {
        return new ArrayList<>(records);
    }

    /** Returns the recorded records that match. */
    public List<ConsumerRecord<String, byte[]>> records(Predicate<ConsumerRecord<String, byte[]>> filter) {
        return records.stream().filter(filter).toList();
    }

    /** Returns the recorded records of one key and {@code ce_type}. */
    public List<ConsumerRecord<String, byte[]>> records(String key, String ceType) {
        return records(r -> key.equals(r.key()) && ceType.equals(header(r, "ce_type")));
    }

    /** Returns a header's value as text, or null. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (poller != null) {
            poller.join(5000);
        }
    }
}
