package io.orderflow.localrun;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;

/**
 * Finds the records of one key on the event topics and their dead-letter topics. Events are keyed by order id, so it
 * reads only the partition the key hashes to, as Kafka's default partitioner does, and there only the records of a
 * time window: from the first offset at or after its start to the first offset at or after its end, or the end
 * offset taken when it began. A dead-letter topic keeps its record's partition (see the messaging module's
 * {@code ListenerErrorHandlerFactory}); one with another partition count is read whole, from the window's start.
 */
final class EventTrail implements AutoCloseable {

    static final List<String> TOPICS = List.of(KafkaAccess.ORDER_EVENTS, KafkaAccess.INVENTORY_EVENTS);
    static final String DEAD_LETTER_SUFFIX = ".DLT";
    /** The headers a journey shows; the others (content type, the exception's stack trace) are left out. */
    static final List<String> HEADERS = List.of("ce_id", "ce_type", "ce_source", "ce_time", "traceparent",
            "orderflow-dlt-reason", "kafka_dlt-exception-fqcn", "kafka_dlt-exception-message",
            "kafka_dlt-original-consumer-group");

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** No JMX beans: a command that lives a second spends much of it registering and removing them. */
    private static final Map<String, String> SHORT_LIVED = Map.of(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG,
            "");
    /** Large polls, and no waiting for records that will not come: every partition is read up to an offset it has. */
    private static final Map<String, String> FETCH = Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000",
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10", ConsumerConfig.CHECK_CRCS_CONFIG, "false",
            ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 << 20),
            CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, "");

    private final String key;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Admin admin;
    /** The partitions to read, each telling whether the window's end bounds it (dead letters are read to the end). */
    private final Map<TopicPartition, Boolean> bounded;
    private final Map<TopicPartition, Long> ends;
    private final CompletableFuture<GroupProgress> groups;

    private EventTrail(String key, KafkaConsumer<byte[], byte[]> consumer, Admin admin,
            Map<TopicPartition, Boolean> bounded, Map<TopicPartition, Long> ends,
            CompletableFuture<GroupProgress> groups) {
        this.key = key;
        this.consumer = consumer;
        this.admin = admin;
        this.bounded = bounded;
        this.ends = ends;
        this.groups = groups;
    }

    /**
     * The time window to read; a missing bound reads from the partition's beginning, or to its end.
     *
     * @param from the earliest time an event of the order can carry, or null
     * @param until the time after which no event of the order is expected, or null
     */
    record Window(Instant from, Instant until) {
    }

    /**
     * One record of the key.
     *
     * @param headers the {@link #HEADERS} it carries, as text, and for a dead letter {@code origin}: where it came from
     * @param passedBy the consumer groups whose committed offset is beyond it
     * @param notYetBy the groups that read its topic, or committed on its partition, and have not passed it
     */
    record Event(String topic, int partition, long offset, Instant time, Map<String, String> headers,
            List<String> passedBy, List<String> notYetBy) {

        boolean isDeadLetter() {
            return topic.endsWith(DEAD_LETTER_SUFFIX);
        }
    }

    /**
     * What was read.
     *
     * @param events the key's records in time order
     * @param ranges each partition read, as {@code topic/partition@first..end}
     * @param records how many records were read in all
     */
    record Reading(List<Event> events, List<String> ranges, long records) {
    }

    /** Returns the partition that Kafka's default partitioner gives {@code key} among {@code partitions}. */
    static int partitionFor(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * Connects to the broker, finds the partitions of {@code key} and their end offsets, and asks every consumer
     * group where it stands there, without reading a record yet.
     */
    static EventTrail open(KafkaEndpoint kafka, String key) {
        KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(kafka, null, FETCH);
        Admin admin = null;
        try {
            admin = KafkaClients.admin(kafka, SHORT_LIVED);
            Map<TopicPartition, Boolean> bounded = partitions(consumer, key);
            CompletableFuture<GroupProgress> groups = GroupProgress.request(admin, bounded.keySet());
            return new EventTrail(key, consumer, admin, bounded, consumer.endOffsets(bounded.keySet()), groups);
        }
        catch (RuntimeException ex) {
            consumer.close();
            if (admin != null) {
                admin.close();
            }
            throw ex;
        }
    }

    /** Reads the records of the key in {@code window}, and which consumer groups have passed each. */
    Reading read(Window window) throws Exception {
        Map<TopicPartition, Long> starts = offsetsAt(consumer, bounded.keySet(), window.from(), ends, true);
        Map<TopicPartition, Long> stops = new HashMap<>(ends);
        if (window.until() != null) {
            List<TopicPartition> timed = bounded.keySet().stream().filter(bounded::get).toList();
            stops.putAll(offsetsAt(consumer, timed, window.until(), ends, false));
        }
        byte[] wanted = key.getBytes(StandardCharsets.UTF_8);
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        long read = scan(consumer, starts, stops, record -> {
            if (Arrays.equals(wanted, record.key())) {
                found.add(record);
            }
        });
        GroupProgress progress = groups.get(READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        List<Event> events = found.stream().map(record -> event(record, progress))
                .sorted(Comparator.comparing(Event::time).thenComparing(Event::topic)
                        .thenComparingLong(Event::offset))
                .toList();
        List<String> ranges = starts.keySet().stream()
                .sorted(Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition))
                .map(partition -> partition.topic() + "/" + partition.partition() + "@" + starts.get(partition)
                        + ".." + stops.get(partition))
                .toList();
        return new Reading(events, ranges, read);
    }

    @Override
    public void close() {
        consumer.close(Duration.ZERO);
        admin.close(Duration.ZERO);
    }

    /**
     * Returns the partitions to read, each telling whether the window's end bounds it: the key's partition of each
     * event topic, and of each dead-letter topic that has as many partitions as its source (all of it otherwise).
     */
    private static Map<TopicPartition, Boolean> partitions(KafkaConsumer<byte[], byte[]> consumer, String key) {
        Map<String, List<PartitionInfo>> topics = consumer.listTopics(READ_TIMEOUT);
        Map<TopicPartition, Boolean> partitions = new LinkedHashMap<>();
        for (String topic : TOPICS) {
            int count = topics.getOrDefault(topic, List.of()).size();
            if (count == 0) {
                continue;
            }
            int partition = partitionFor(key, count);
            partitions.put(new TopicPartition(topic, partition), true);
            String deadLetters = topic + DEAD_LETTER_SUFFIX;
            int deadLetterCount = topics.getOrDefault(deadLetters, List.of()).size();
            if (deadLetterCount == count) {
                partitions.put(new TopicPartition(deadLetters, partition), false);
            }
            else {
                for (int i = 0; i < deadLetterCount; i++) {
                    partitions.put(new TopicPartition(deadLetters, i), false);
                }
            }
        }
        return partitions;
    }

    /**
     * Returns, per partition, the first offset whose time is {@code time} or later; the end offset when no record is
     * that late; with no time, the partition's beginning (when {@code beginning}) or its end.
     */
    private static Map<TopicPartition, Long> offsetsAt(KafkaConsumer<byte[], byte[]> consumer,
            Collection<TopicPartition> partitions, Instant time, Map<TopicPartition, Long> ends, boolean beginning) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (time == null) {
            offsets.putAll(beginning ? consumer.beginningOffsets(partitions) : ends);
            return offsets;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, time.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, READ_TIMEOUT);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp at = found.get(partition);
            offsets.put(partition, at == null ? ends.get(partition) : Math.min(at.offset(), ends.get(partition)));
        }
        return offsets;
    }

    /** Reads every partition from its start to its stop offset, handing each record over; returns how many. */
    private static long scan(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> starts,
            Map<TopicPartition, Long> stops, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        List<TopicPartition> open = starts.keySet().stream()
                .filter(partition -> starts.get(partition) < stops.get(partition)).toList();
        if (open.isEmpty()) {
            return 0;
        }
        consumer.assign(open);
        open.forEach(partition -> consumer.seek(partition, starts.get(partition)));
        List<TopicPartition> reading = new ArrayList<>(open);
        long read = 0;
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (!reading.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Could not read " + reading + " within " + READ_TIMEOUT.toSeconds()
                        + " s");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < stops.get(new TopicPartition(record.topic(), record.partition()))) {
                    read++;
                    each.accept(record);
                }
            }
            List<TopicPartition> done = reading.stream()
                    .filter(partition -> consumer.position(partition) >= stops.get(partition)).toList();
            if (!done.isEmpty()) {
                consumer.pause(done);
                reading.removeAll(done);
            }
        }
        return read;
    }

    private static Event event(ConsumerRecord<byte[], byte[]> record, GroupProgress progress) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : HEADERS) {
            Header header = record.headers().lastHeader(name);
            if (header != null && header.value() != null) {
                headers.put(name, new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.topic().endsWith(DEAD_LETTER_SUFFIX)) {
            headers.put("origin", BrokerReadings.originOf(record));
        }
        return new Event(record.topic(), record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                headers, progress.passed(partition, record.offset()), progress.notYet(partition, record.offset()));
    }
}
