package io.orderflow.localrun;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import io.orderflow.harness.Invariants;

/** Reads what the audit needs from the broker: each consumer group's lag, and where the dead letters came from. */
final class BrokerReadings {

    static final Map<String, List<String>> GROUP_TOPICS = Map.of(
            "inventory-service", List.of("order-events"),
            "order-service", List.of("inventory-events"),
            "notification-service", List.of("order-events"));
    static final List<String> DEAD_LETTER_TOPICS = List.of("order-events.DLT", "inventory-events.DLT");

    private final KafkaEndpoint kafka;

    BrokerReadings(KafkaEndpoint kafka) {
        this.kafka = kafka;
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
                Map<TopicPartition, Long> endOffsets = new HashMap<>();
                ends.forEach((partition, end) -> endOffsets.put(partition, end.offset()));
                Map<TopicPartition, Long> committedOffsets = new HashMap<>();
                committed.forEach((partition, offset) -> {
                    if (offset != null) {
                        committedOffsets.put(partition, offset.offset());
                    }
                });
                lags.put(group.getKey(), Invariants.lag(committedOffsets, endOffsets));
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
}
