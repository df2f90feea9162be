package io.orderflow.order.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import io.orderflow.order.OrderServiceTest;

/** The health groups that Kubernetes's probes ask (deploy/kubernetes): Kafka and the database in readiness only. */
@OrderServiceTest
class HealthProbesTests {

    @Autowired
    MockMvcTester mvc;

    @Test
    void answersLivenessWithoutAskingTheDatabaseOrKafka() {
        assertThat(mvc.get().uri("/actuator/health/liveness")).hasStatusOk().bodyJson().satisfies(json -> {
            json.assertThat().extractingPath("$.status").isEqualTo("UP");
            json.assertThat().extractingPath("$.components").asMap().containsOnlyKeys("livenessState");
        });
    }

    @Test
    void answersReadinessFromTheDatabaseAndKafka() {
        assertThat(mvc.get().uri("/actuator/health/readiness")).hasStatusOk().bodyJson().satisfies(json -> {
            json.assertThat().extractingPath("$.status").isEqualTo("UP");
            json.assertThat().extractingPath("$.components").asMap()
                    .containsOnlyKeys("readinessState", "db", "kafka");
        });
    }
}
