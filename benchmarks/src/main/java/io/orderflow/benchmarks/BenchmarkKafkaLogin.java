package io.orderflow.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

import io.orderflow.harness.PropertiesFile;

/**
 * Logs the benchmark in at the broker: as {@code KAFKA_USERNAME} with {@code KAFKA_PASSWORD} when they are set, else as
 * the local run's read-only user {@code orderflow_viewer}, whose password the run keeps in its state folder beside its
 * logs. The benchmark only watches {@code order-events} and reads the consumer groups' lag.
 */
final class BenchmarkKafkaLogin {

    static final String VIEWER = "orderflow_viewer";

    private BenchmarkKafkaLogin() {
    }

    /** Returns the client settings of the login, or none for a broker without authentication. */
    static Map<String, String> of(Options options) {
        String user = System.getenv("KAFKA_USERNAME");
        String password = System.getenv("KAFKA_PASSWORD");
        if (user == null || user.isBlank()) {
            Path file = options.logsDir().toAbsolutePath().getParent().resolve("kafka-passwords.properties");
            if (!Files.isRegularFile(file)) {
                return Map.of();
            }
            user = VIEWER;
            password = PropertiesFile.read(file).getProperty(VIEWER, "");
        }
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
                envOr("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"),
                SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512",
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"" + user + "\" password=\"" + password + "\";");
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
