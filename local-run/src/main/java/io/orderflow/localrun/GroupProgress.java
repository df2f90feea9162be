package io.orderflow.localrun;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells which consumer groups have passed a record: those whose committed offset on its partition is beyond it. The
 * groups that read a topic ({@link BrokerReadings#GROUP_TOPICS}) are always named, passed or not; any other group (a
 * replay, {@code dlt-replay}) only where it has committed an offset.
 */
final class GroupProgress {

    private final Map<String, Map<TopicPartition, Long>> committed;

    private GroupProgress(Map<String, Map<TopicPartition, Long>> committed) {
        this.committed = committed;
    }

    /** Asks for every consumer group's committed offsets on {@code partitions}, on another thread. */
    static CompletableFuture<GroupProgress> request(Admin admin, Collection<TopicPartition> partitions) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return read(admin, partitions);
            }
            catch (Exception ex) {
                throw new IllegalStateException("Could not read the consumer groups' offsets", ex);
            }
        });
    }

    private static GroupProgress read(Admin admin, Collection<TopicPartition> partitions) throws Exception {
        Map<String, Map<TopicPartition, Long>> offsets = new TreeMap<>();
        if (partitions.isEmpty()) {
            return new GroupProgress(offsets);
        }
        ListConsumerGroupOffsetsSpec spec = new ListConsumerGroupOffsetsSpec().topicPartitions(List.copyOf(partitions));
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        for (GroupListing group : admin.listGroups(ListGroupsOptions.forConsumerGroups()).all()
                .get(15, TimeUnit.SECONDS)) {
            specs.put(group.groupId(), spec);
        }
        if (specs.isEmpty()) {
            return new GroupProgress(offsets);
        }
        admin.listConsumerGroupOffsets(specs).all().get(15, TimeUnit.SECONDS).forEach((group, byPartition) -> {
            Map<TopicPartition, Long> known = new HashMap<>();
            byPartition.forEach((partition, offset) -> {
                if (offset != null) {
                    known.put(partition, offset.offset());
                }
            });
            offsets.put(group, known);
        });
        return new GroupProgress(offsets);
    }

    /** Returns the groups that have passed the record at {@code offset} of {@code partition}. */
    List<String> passed(TopicPartition partition, long offset) {
        List<String> groups = new ArrayList<>();
        committed.forEach((group, offsets) -> {
            Long position = offsets.get(partition);
            if (position != null && position > offset) {
                groups.add(group);
            }
        });
        return groups;
    }

    /** Returns the groups that read {@code partition}'s topic, or committed there, and have not passed {@code offset}. */
    List<String> notYet(TopicPartition partition, long offset) {
        TreeSet<String> groups = new TreeSet<>();
        BrokerReadings.GROUP_TOPICS.forEach((group, topics) -> {
            if (topics.contains(partition.topic())) {
                groups.add(group);
            }
        });
        committed.forEach((group, offsets) -> {
            if (offsets.containsKey(partition)) {
                groups.add(group);
            }
        });
        groups.removeAll(passed(partition, offset));
        return List.copyOf(groups);
    }

    /** Returns a reading of no group, for when there is no partition to ask about. */
    static GroupProgress none() {
        return new GroupProgress(Map.of());
    }
}
