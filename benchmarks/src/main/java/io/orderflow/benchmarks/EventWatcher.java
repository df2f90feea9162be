package io.orderflow.benchmarks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
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
import org.apache.kafka.common.serialization.ByteBufferDeserializer;

/**
 * Watches {@code order-events} from its end, without a consumer group, and tells the tracker when an order became
 * final, stamped with the time the record arrived here. It reads as little as it can: records come in big fetches,
 * keys and values stay views of the fetched bytes, a record is chosen by its {@code ce_type} header alone (OrderPlaced
 * is skipped unread), the order id is its key (else its {@code ce_subject}), and a body is parsed only for a record
 * that has neither.
 */
final class EventWatcher implements AutoCloseable {

    static final String TOPIC = "order-events";
    /** The last part of the ce_type of the events that end an order. */
    static final List<String> FINAL_TYPES = List.of("OrderConfirmed", "OrderRejected", "OrderCancelled");
    private static final byte[][] FINAL_TYPE_BYTES = FINAL_TYPES.stream()
            .map(t -> t.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    /** A fetch waits for this much, or for {@value #FETCH_MAX_WAIT_MS} ms. */
    private static final int FETCH_MIN_BYTES = 64 * 1024;
    static final int FETCH_MAX_WAIT_MS = 20;

    private final KafkaConsumer<ByteBuffer, ByteBuffer> consumer;
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
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Integer.toString(FETCH_MIN_BYTES));
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Integer.toString(FETCH_MAX_WAIT_MS));
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 * 1024 * 1024));
        config.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, Integer.toString(1024 * 1024));
        config.put(ConsumerConfig.CHECK_CRCS_CONFIG, "false");
        consumer = new KafkaConsumer<>(config, new ByteBufferDeserializer(), new ByteBufferDeserializer());
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
                ConsumerRecords<ByteBuffer, ByteBuffer> batch = consumer.poll(Duration.ofMillis(200));
                long now = System.nanoTime();
                records += batch.count();
                for (ConsumerRecord<ByteBuffer, ByteBuffer> record : batch) {
                    Header type = record.headers().lastHeader("ce_type");
                    String finalType = type == null ? null : finalType(type.value());
                    if (finalType != null) {
                        tracker.event(orderId(record), finalType, now);
                    }
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

    /** Returns which of {@link #FINAL_TYPES} a ce_type is (its part after the last dot), or null for another type. */
    static String finalType(byte[] ceType) {
        for (int i = 0; i < FINAL_TYPE_BYTES.length; i++) {
            byte[] name = FINAL_TYPE_BYTES[i];
            int from = ceType.length - name.length;
            if (from >= 0 && (from == 0 || ceType[from - 1] == '.')
                    && Arrays.equals(ceType, from, ceType.length, name, 0, name.length)) {
                return FINAL_TYPES.get(i);
            }
        }
        return null;
    }

    private static String orderId(ConsumerRecord<ByteBuffer, ByteBuffer> record) {
        if (record.key() != null) {
            return new String(bytes(record.key()), StandardCharsets.UTF_8);
        }
        Header subject = record.headers().lastHeader("ce_subject");
        if (subject != null) {
            return new String(subject.value(), StandardCharsets.UTF_8);
        }
        if (record.value() == null) {
            return null;
        }
        String id = Http.JSON.readTree(bytes(record.value())).path("orderId").asString();
        return id.isEmpty() ? null : id;
    }

    private static byte[] bytes(ByteBuffer view) {
        byte[] out = new byte[view.remaining()];
        view.duplicate().get(out);
        return out;
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
