package io.orderflow.localrun;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;

/** Prints a topic's records with partition, offset, key, headers and value as they arrive, until Ctrl-C. */
final class TopicTail {

    private TopicTail() {
    }

    /** Follows every partition of {@code topic} from its end, or from its beginning; joins no consumer group. */
    static void follow(KafkaEndpoint kafka, String topic, boolean fromBeginning) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(kafka, null)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15));
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalArgumentException("No topic " + topic + "; ./orderflow topics lists them");
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(partition -> new TopicPartition(topic, partition.partition())).toList();
            consumer.assign(assigned);
            if (fromBeginning) {
                consumer.seekToBeginning(assigned);
            }
            else {
                consumer.seekToEnd(assigned);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                consumer.wakeup();
                try {
                    closed.await();
                }
                catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "tail-stop"));
            System.out.println("Following " + topic + " (" + assigned.size() + " partitions"
                    + (fromBeginning ? ", from the beginning" : ", new records only") + "); Ctrl-C to stop");
            try {
                while (true) {
                    consumer.poll(Duration.ofSeconds(1)).forEach(TopicTail::print);
                }
            }
            catch (WakeupException stopping) {
                // Ctrl-C
            }
        }
        finally {
            closed.countDown();
        }
    }

    private static void print(ConsumerRecord<byte[], byte[]> record) {
        StringBuilder line = new StringBuilder()
                .append(record.topic()).append('/').append(record.partition()).append('@').append(record.offset())
                .append("  ").append(Instant.ofEpochMilli(record.timestamp()))
                .append("  key=").append(text(record.key()));
        for (Header header : record.headers()) {
            line.append(System.lineSeparator()).append("  ").append(header.key()).append(": ")
                    .append(text(header.value()));
        }
        line.append(System.lineSeparator()).append("  ").append(text(record.value())).append(System.lineSeparator());
        System.out.println(line);
    }

    static String text(byte[] bytes) {
        return bytes == null ? "(null)" : new String(bytes, StandardCharsets.UTF_8);
    }
}
