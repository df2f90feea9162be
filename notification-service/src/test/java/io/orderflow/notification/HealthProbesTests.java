package io.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The health groups that Kubernetes's probes ask (deploy/kubernetes): Kafka and the database in readiness only. */
class HealthProbesTests extends NotificationServiceIntegration {

    @Test
    void answersLivenessWithoutAskingTheDatabaseOrKafka() {
        assertThat(mvc.get().uri("/actuator/health/liveness")).hasStatusOk().bodyJson().satisfies(json -> {
            json.assertThat().extractingPath("$.status").isEqualTo("UP");
            json.assertThat().extractingPath("$.components").asMap().containsOnlyKeys("livenessState");
        });
    }

    @Test
    void answersReadinessFromTheDatabaseAndKafkaButNotTheMailServer() {
        assertThat(mvc.get().uri("/actuator/health/readiness")).hasStatusOk().bodyJson().satisfies(json -> {
            json.assertThat().extractingPath("$.status").isEqualTo("UP");
            json.assertThat().extractingPath("$.components").asMap()
                    .containsOnlyKeys("readinessState", "db", "kafka");
        });
    }
}
