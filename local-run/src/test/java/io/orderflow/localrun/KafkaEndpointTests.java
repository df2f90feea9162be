package io.orderflow.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaEndpointTests {

    @TempDir
    Path state;

    @Test
    void opsCommandsLogInAsTheLocalRunsOpsUserByDefault() {
        var endpoint = KafkaEndpoint.forOps(new LocalSettings(state, state, Map.of()));

        assertThat(endpoint.login().get("sasl.jaas.config")).contains("username=\"orderflow_ops\"");
        assertThat(endpoint.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void opsCommandsLogInToAnotherBrokerWithTheUserAndPasswordOfTheEnvironment() {
        var endpoint = KafkaEndpoint.forOps(new LocalSettings(state, state, Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "localhost:9092", "KAFKA_PASSWORD", "orderflow_viewer-kafka",
                "KAFKA_USERNAME", "orderflow_viewer")));

        assertThat(endpoint.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(endpoint.login()).containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("security.protocol", "SASL_PLAINTEXT");
        assertThat(endpoint.login().get("sasl.jaas.config"))
                .contains("username=\"orderflow_viewer\"", "password=\"orderflow_viewer-kafka\"");
    }
}
