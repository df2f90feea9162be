package io.orderflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TopicRecorderTests {

    @Test
    void recordsWhatIsPublishedAfterItStartsAndNothingBefore() throws Exception {
        String topic = "recorder-test-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            try (TopicRecorder before = TopicRecorder.record(topic)) {
                producer.send(record(topic, "order-0", "io.orderflow.Early")).get();
            }
            try (TopicRecorder recorder = TopicRecorder.record(topic)) {
                producer.send(record(topic, "order-1", "io.orderflow.OrderPlaced")).get();
                producer.send(record(topic, "order-1", "io.orderflow.OrderConfirmed")).get();
                producer.send(record(topic, "order-2", "io.orderflow.OrderPlaced")).get();

                await().atMost(Duration.ofSeconds(30)).until(() -> recorder.records().size() == 3);

                assertThat(recorder.records()).extracting(r -> r.key()).doesNotContain("order-0");
                assertThat(recorder.records("order-1", "io.orderflow.OrderPlaced")).singleElement()
                        .satisfies(r -> assertThat(TopicRecorder.header(r, "ce_type"))
                                .isEqualTo("io.orderflow.OrderPlaced"));
                assertThat(recorder.records(r -> r.key().equals("order-2"))).hasSize(1);
                assertThat(TopicRecorder.header(recorder.records().getFirst(), "no-such-header")).isNull();
            }
        }
    }

    @Test
    void recordsAsTheExtensionOfATestClassFromBeforeItsFirstTestAndKeepsTheRecordsOnceStopped() throws Exception {
        String topic = "recorder-test-" + UUID.randomUUID();
        TopicRecorder recorder = TopicRecorder.recording(topic);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            recorder.beforeAll(null);
            producer.send(record(topic, "order-1", "io.orderflow.OrderPlaced")).get();
            await().atMost(Duration.ofSeconds(30)).until(() -> recorder.records().size() == 1);
            recorder.afterAll(null);

            producer.send(record(topic, "order-2", "io.orderflow.OrderPlaced")).get();
            Thread.sleep(200);
            assertThat(recorder.records()).extracting(r -> r.key()).containsExactly("order-1");
        }
    }

    private static ProducerRecord<String, byte[]> record(String topic, String key, String type) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, "{}".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafka().bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
    }
}
