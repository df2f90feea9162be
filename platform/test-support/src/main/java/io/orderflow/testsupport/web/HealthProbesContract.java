package io.orderflow.testsupport.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * Holds a service to the health groups that Kubernetes's probes ask (deploy/kubernetes): liveness asks nothing outside
 * the process, readiness asks the database and Kafka and nothing else (a mail server that is down does not make
 * notification-service unready). A service's test class with a MockMvc in its application context implements it.
 */
public interface HealthProbesContract {

    @Test
    default void answersLivenessWithoutAskingTheDatabaseOrKafka(@Autowired MockMvcTester mvc) {
        assertThat(mvc.get().uri("/actuator/health/liveness")).hasStatusOk().bodyJson().satisfies(json -> {
            json.assertThat().extractingPath("$.status").isEqualTo("UP");
            json.assertThat().extractingPath("$.components").asMap().containsOnlyKeys("livenessState");
        });
    }

    @Test
    default void answersReadinessFromTheDatabaseAndKafkaOnly(@Autowired MockMvcTester mvc) {
        assertThat(mvc.get().uri("/actuator/health/readiness")).hasStatusOk().bodyJson().satisfies(json -> {
            json.assertThat().extractingPath("$.status").isEqualTo("UP");
            json.assertThat().extractingPath("$.components").asMap()
                    .containsOnlyKeys("readinessState", "db", "kafka");
        });
    }
}
