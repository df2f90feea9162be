package io.orderflow.localrun;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/** Lists the topics with their partition count and how many records they hold. */
final class TopicList {

    private TopicList() {
    }

    static void print(KafkaEndpoint kafka) throws ExecutionException, InterruptedException {
        try (Admin admin = KafkaClients.admin(kafka)) {
            Set<String> names = admin.listTopics().names().get();
            Map<String, TopicDescription> topics = new TreeMap<>(admin.describeTopics(names).allTopicNames().get());
            List<TopicPartition> partitions = new ArrayList<>();
            topics.values().forEach(topic -> topic.partitions()
                    .forEach(partition -> partitions.add(new TopicPartition(topic.name(), partition.partition()))));
            Map<TopicPartition, ListOffsetsResultInfo> earliest =
                    Offsets.list(admin, partitions, OffsetSpec.earliest());
            Map<TopicPartition, ListOffsetsResultInfo> latest = Offsets.list(admin, partitions, OffsetSpec.latest());
            System.out.printf("%-32s %10s %8s%n", "TOPIC", "PARTITIONS", "RECORDS");
            for (TopicDescription topic : topics.values()) {
                long records = topic.partitions().stream()
                        .map(partition -> new TopicPartition(topic.name(), partition.partition()))
                        .mapToLong(partition -> latest.get(partition).offset() - earliest.get(partition).offset())
                        .sum();
                System.out.printf("%-32s %10d %8d%n", topic.name(), topic.partitions().size(), records);
            }
        }
    }
}
