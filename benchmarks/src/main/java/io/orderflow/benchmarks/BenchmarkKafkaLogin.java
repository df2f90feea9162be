package io.orderflow.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

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
            password = read(file).getProperty(VIEWER, "");
        }
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
                envOr("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"),
                SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512",
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"" + user + "\" password=\"" + password + "\";");
    }

    private static Properties read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not read " + file, ex);
        }
        return properties;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
