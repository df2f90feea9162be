package io.orderflow.testsupport;

import java.util.Map;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;

/** Holds a running Kafka broker for tests and says where to reach it. */
public final class TestKafka {

    static final String IMAGE = "apache/kafka:4.1.1";

    private final String bootstrapServers;
    private final AutoCloseable server;

    private TestKafka(String bootstrapServers, AutoCloseable server) {
        this.bootstrapServers = bootstrapServers;
        this.server = server;
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "test-kafka-stop"));
    }

    static TestKafka inContainer() {
        KafkaContainer container = new KafkaContainer(IMAGE);
        container.start();
        return new TestKafka(container.getBootstrapServers(), container::stop);
    }

    static TestKafka inProcess() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "false",
                "group.initial.rebalance.delay.ms", "0",
                "offsets.topic.num.partitions", "6"));
        broker.afterPropertiesSet();
        return new TestKafka(broker.getBrokersAsString(), broker::destroy);
    }

    /** Returns the {@code bootstrap.servers} value for clients. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    private void stop() {
        try {
            server.close();
        }
        catch (Exception ignored) {
            // the JVM is going away; nothing to report to
        }
    }
}
