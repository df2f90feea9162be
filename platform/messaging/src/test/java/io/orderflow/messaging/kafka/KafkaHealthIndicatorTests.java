package io.orderflow.messaging.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.core.KafkaAdmin;

import io.orderflow.testsupport.TestInfrastructure;

class KafkaHealthIndicatorTests {

    @Test
    void isUpWithTheClusterIdAndItsNodesWhileTheBrokerAnswers() {
        try (KafkaHealthIndicator indicator = new KafkaHealthIndicator(new KafkaAdmin(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers())))) {
            Health health = indicator.health(true);

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsKey("clusterId").containsEntry("nodes", 1);
        }
    }

    @Test
    void isDownWithinSecondsWhenNoBrokerAnswers() {
        try (KafkaHealthIndicator indicator = new KafkaHealthIndicator(new KafkaAdmin(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1")))) {
            long started = System.nanoTime();
            Health health = indicator.health(true);

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(System.nanoTime() - started).isLessThan(10_000_000_000L);
        }
    }
}
