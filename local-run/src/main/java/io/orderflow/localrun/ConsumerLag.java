package io.orderflow.localrun;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Shows, for every consumer group, how far its committed offsets trail each partition's end, and the total. */
final class ConsumerLag {

    private ConsumerLag() {
    }

    static void print(KafkaEndpoint kafka) throws ExecutionException, InterruptedException {
        try (Admin admin = KafkaClients.admin(kafka)) {
            Collection<GroupListing> groups = admin.listGroups().all().get();
            if (groups.isEmpty()) {
                System.out.println("No consumer groups yet.");
                return;
            }
            for (GroupListing group : groups.stream().sorted(Comparator.comparing(GroupListing::groupId)).toList()) {
                Map<TopicPartition, OffsetAndMetadata> committed = new TreeMap<>(
                        Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition));
                admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get()
                        .forEach((partition, offset) -> {
                            if (offset != null) {
                                committed.put(partition, offset);
                            }
                        });
                Map<TopicPartition, ListOffsetsResultInfo> ends = Offsets.list(admin, committed.keySet(),
                        OffsetSpec.latest());
                System.out.printf("%nGROUP %s (%s)%n", group.groupId(), group.groupState().map(Object::toString)
                        .orElse("state unknown"));
                System.out.printf("  %-28s %9s %10s %10s %6s%n", "TOPIC", "PARTITION", "COMMITTED", "END", "LAG");
                long total = 0;
                for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
                    long end = ends.get(entry.getKey()).offset();
                    long lag = Math.max(0, end - entry.getValue().offset());
                    total += lag;
                    System.out.printf("  %-28s %9d %10d %10d %6d%n", entry.getKey().topic(),
                            entry.getKey().partition(), entry.getValue().offset(), end, lag);
                }
                System.out.printf("  total lag: %d%n", total);
            }
        }
    }
}
