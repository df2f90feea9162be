package io.orderflow.messaging.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.transaction.CannotCreateTransactionException;

import io.orderflow.messaging.kafka.DeadLetterTopics;
import io.orderflow.testsupport.TestInfrastructure;
import io.orderflow.testsupport.TopicRecorder;

/** Runs a real listener container with the error handler on the test broker, and watches the dead-letter topic. */
class ListenerErrorHandlerFactoryTests {

    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Set<String> handled = new CopyOnWriteArraySet<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private DefaultKafkaProducerFactory<String, byte[]> producers;
    private KafkaTemplate<String, byte[]> kafka;
    private KafkaMessageListenerContainer<String, byte[]> container;
    private String topic;

    @BeforeEach
    void createTopicAndProducer() {
        topic = "error-handler-test-" + UUID.randomUUID();
        producers = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
        kafka = new KafkaTemplate<>(producers);
    }

    @AfterEach
    void stopEverything() {
        if (container != null) {
            container.stop();
        }
        producers.destroy();
    }

    @Test
    void deadLettersContractViolationsAtOnceWithTheirReason() throws Exception {
        try (TopicRecorder deadLetters = TopicRecorder.record(topic, DeadLetterTopics.of(topic))) {
            listen(record -> {
                switch (record.key()) {
                    case "violation" -> throw new EventContractViolation("no body");
                    case "unknown" -> throw new UnknownEventType("test", "io.orderflow.Nobody");
                    case "untrusted" -> throw new UntrustedEventSource("test", "/somebody", "/order-service");
                    default -> handled.add(record.key());
                }
            });
            send("violation", "unknown", "untrusted", "fine");

            await().atMost(Duration.ofSeconds(60)).until(() -> deadLettered(deadLetters) == 3
                    && handled.contains("fine"));

            assertThat(reasons(deadLetters)).containsEntry("violation", "contract-violation")
                    .containsEntry("unknown", "unknown-type").containsEntry("untrusted", "untrusted-source");
            assertThat(attempts.get("violation")).hasValue(1);
            assertThat(attempts.get("unknown")).hasValue(1);
            assertThat(attempts.get("untrusted")).hasValue(1);
            ConsumerRecord<String, byte[]> deadLetter = deadLetters.records(record -> record.topic()
                    .equals(DeadLetterTopics.of(topic)) && record.key().equals("violation")).getFirst();
            assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).isEqualTo("body of violation");
            assertThat(counted("contract-violation")).isEqualTo(1.0);
            assertThat(counted("unknown-type")).isEqualTo(1.0);
            assertThat(counted("untrusted-source")).isEqualTo(1.0);
            assertThat(counted("failed")).isZero();
        }
    }

    @Test
    void retriesAnyOtherFailureAFewTimesThenDeadLettersItAsFailed() throws Exception {
        try (TopicRecorder deadLetters = TopicRecorder.record(topic, DeadLetterTopics.of(topic))) {
            listen(record -> {
                throw new IllegalStateException("a bug");
            });
            send("bug");

            await().atMost(Duration.ofSeconds(60)).until(() -> deadLettered(deadLetters) == 1);

            assertThat(reasons(deadLetters)).containsEntry("bug", "failed");
            assertThat(attempts.get("bug")).hasValue(3);
            assertThat(counted("failed")).isEqualTo(1.0);
        }
    }

    @Test
    void retriesATransientFailureUntilItPassesAndNeverDeadLettersIt() throws Exception {
        try (TopicRecorder deadLetters = TopicRecorder.record(topic, DeadLetterTopics.of(topic))) {
            listen(record -> {
                if (attempts.get(record.key()).get() <= 4) {
                    throw new CannotCreateTransactionException("the database is away");
                }
                handled.add(record.key());
            });
            send("transient");

            await().atMost(Duration.ofSeconds(60)).until(() -> handled.contains("transient"));

            assertThat(attempts.get("transient")).hasValue(5);
            assertThat(deadLettered(deadLetters)).isZero();
            assertThat(meters.get("orderflow.messaging.dead.letters").counters())
                    .allSatisfy(counter -> assertThat(counter.count()).isZero());
        }
    }

    private void listen(MessageListener<String, byte[]> behaviour) {
        ContainerProperties properties = new ContainerProperties(topic);
        properties.setGroupId("error-handler-test-" + UUID.randomUUID());
        properties.setMessageListener((MessageListener<String, byte[]>) record -> {
            attempts.computeIfAbsent(record.key(), key -> new AtomicInteger()).incrementAndGet();
            behaviour.onMessage(record);
        });
        container = new KafkaMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer()), properties);
        container.setCommonErrorHandler(ListenerErrorHandlerFactory.create(kafka, 3, meters));
        container.start();
    }

    private void send(String... keys) {
        for (String key : keys) {
            kafka.send(topic, key, ("body of " + key).getBytes(StandardCharsets.UTF_8));
        }
        kafka.flush();
    }

    private double counted(String reason) {
        return meters.get("orderflow.messaging.dead.letters").tag("reason", reason).counter().count();
    }

    private long deadLettered(TopicRecorder recorder) {
        return recorder.records(record -> record.topic().equals(DeadLetterTopics.of(topic))).size();
    }

    private Map<String, String> reasons(TopicRecorder recorder) {
        Map<String, String> reasons = new ConcurrentHashMap<>();
        recorder.records(record -> record.topic().equals(DeadLetterTopics.of(topic))).forEach(record ->
                reasons.put(record.key(), TopicRecorder.header(record, DeadLetterTopics.REASON_HEADER)));
        return reasons;
    }
}
