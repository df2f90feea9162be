package io.orderflow.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches {@code order-events} from its end, without a consumer group: every record's {@code ce_type} header and key
 * (the order id) go to the tracker, stamped with the time they arrived here.
 */
final class EventWatcher implements AutoCloseable {

    static final String TOPIC = "order-events";

    private final KafkaConsumer<String, byte[]> consumer;
    private final Tracker tracker;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long records;

    EventWatcher(String bootstrapServers, Map<String, String> login, Tracker tracker) {
        this.tracker = tracker;
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putAll(login);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "orderflow-benchmark-watcher");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // what the services' consumers see: nothing of an aborted transaction
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(15)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        if (partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("Topic " + TOPIC + " does not exist: is Orderflow running?");
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // resolve the positions now, so that nothing published from here on is missed
        partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(15)));
        thread = Thread.ofPlatform().name("order-events-watcher").daemon().unstarted(this::poll);
    }

    int partitions() {
        return consumer.assignment().size();
    }

    void start() {
        thread.start();
    }

    private void poll() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(200));
                long now = System.nanoTime();
                for (ConsumerRecord<String, byte[]> record : batch) {
                    records++;
                    Header type = record.headers().lastHeader("ce_type");
                    if (type == null) {
                        continue;
                    }
                    String ceType = new String(type.value(), StandardCharsets.UTF_8);
                    String id = record.key();
                    if (id == null) {
                        Header subject = record.headers().lastHeader("ce_subject");
                        id = subject == null ? null : new String(subject.value(), StandardCharsets.UTF_8);
                    }
                    tracker.event(id, ceType.substring(ceType.lastIndexOf('.') + 1), now);
                }
            }
        }
        catch (WakeupException stopping) {
            // closing
        }
        finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    long records() {
        return records;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(2));
            return;
        }
        consumer.wakeup();
        thread.join(5000);
    }
}
