package io.orderflow.localrun;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** Looks up partition offsets in one request. */
final class Offsets {

    private Offsets() {
    }

    static Map<TopicPartition, ListOffsetsResultInfo> list(Admin admin, Collection<TopicPartition> partitions,
            OffsetSpec spec) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        return request.isEmpty() ? Map.of() : admin.listOffsets(request).all().get();
    }
}
