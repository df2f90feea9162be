package io.orderflow.localrun;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Re-publishes the records of a dead-letter topic ({@code <topic>.DLT}) to their original topic with their original
 * key and headers, less the dead-letter headers, and commits them in the group {@code orderflow-dlt-replay}: a second
 * replay sends only dead letters that arrived since. The consumers are idempotent, so a replayed event that had in
 * fact been handled changes nothing.
 */
final class DeadLetterReplay {

    static final String SUFFIX = ".DLT";
    static final String GROUP = "orderflow-dlt-replay";
    private static final String SPRING_DLT_HEADER_PREFIX = "kafka_dlt-";
    private static final String REASON_HEADER = "orderflow-dlt-reason";

    private DeadLetterReplay() {
    }

    static void replay(KafkaEndpoint kafka, String deadLetterTopic)
            throws ExecutionException, InterruptedException {
        if (!deadLetterTopic.endsWith(SUFFIX)) {
            throw new LocalRun.UsageError("A dead-letter topic ends with " + SUFFIX + ", e.g. order-events.DLT");
        }
        String target = deadLetterTopic.substring(0, deadLetterTopic.length() - SUFFIX.length());
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(kafka, GROUP);
             KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(kafka)) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic, Duration.ofSeconds(15)).stream()
                    .map(partition -> new TopicPartition(deadLetterTopic, partition.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("No topic " + deadLetterTopic + "; ./orderflow topics lists them");
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, OffsetAndMetadata> replayed = new HashMap<>();
            int count = 0;
            int idlePolls = 0;
            while (idlePolls < 15
                    && partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                var records = consumer.poll(Duration.ofSeconds(1));
                idlePolls = records.isEmpty() ? idlePolls + 1 : 0;
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    producer.send(new ProducerRecord<>(target, null, record.key(), record.value(),
                            originalHeaders(record))).get();
                    replayed.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                    count++;
                    System.out.println("replayed " + deadLetterTopic + "/" + record.partition() + "@" + record.offset()
                            + " key=" + TopicTail.text(record.key()) + " -> " + target);
                }
            }
            producer.flush();
            if (!replayed.isEmpty()) {
                consumer.commitSync(replayed);
            }
            System.out.println("Replayed " + count + " dead letter(s) from " + deadLetterTopic + " to " + target);
        }
    }

    private static RecordHeaders originalHeaders(ConsumerRecord<byte[], byte[]> record) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith(SPRING_DLT_HEADER_PREFIX) && !header.key().equals(REASON_HEADER)) {
                headers.add(header);
            }
        }
        return headers;
    }
}
