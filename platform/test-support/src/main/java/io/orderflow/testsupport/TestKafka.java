package io.orderflow.testsupport;

import java.util.Map;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Holds a running Kafka broker for tests and says where to reach it.
 *
 * <p>The broker is not stopped by a shutdown hook: Spring's own hook closes the test contexts at the same time, and
 * their consumers and producers would wait for a broker that is going away. The in-process broker ends with the JVM;
 * Testcontainers' reaper removes the container.
 */
public final class TestKafka {

    static final String IMAGE = "apache/kafka:4.1.1";

    private final String bootstrapServers;

    private TestKafka(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    static TestKafka inContainer() {
        KafkaContainer container = new KafkaContainer(IMAGE);
        container.start();
        return new TestKafka(container.getBootstrapServers());
    }

    static TestKafka inProcess() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "false",
                "group.initial.rebalance.delay.ms", "0",
                "offsets.topic.num.partitions", "6"));
        broker.afterPropertiesSet();
        return new TestKafka(broker.getBrokersAsString());
    }

    /** Returns the {@code bootstrap.servers} value for clients. */
    public String bootstrapServers() {
        return bootstrapServers;
    }
}
