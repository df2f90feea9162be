package io.orderflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class TestInfrastructureTests {

    @Test
    void sharesOneBrokerAndOneDatabaseServerPerTestJvm() {
        assertThat(TestInfrastructure.kafka()).isSameAs(TestInfrastructure.kafka());
        assertThat(TestInfrastructure.postgres()).isSameAs(TestInfrastructure.postgres());
    }

    @Test
    void itsBrokerAnswers() throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafka().bootstrapServers()))) {
            assertThat(admin.describeCluster().nodes().get()).isNotEmpty();
        }
    }

    @Test
    void runsInProcessWhenToldTo() {
        String before = System.getProperty("orderflow.test.infrastructure");
        try {
            System.setProperty("orderflow.test.infrastructure", "embedded");
            assertThat(TestInfrastructure.useContainers()).isFalse();
            System.setProperty("orderflow.test.infrastructure", "containers");
            assertThat(TestInfrastructure.useContainers()).isTrue();
        }
        finally {
            if (before == null) {
                System.clearProperty("orderflow.test.infrastructure");
            }
            else {
                System.setProperty("orderflow.test.infrastructure", before);
            }
        }
    }
}
