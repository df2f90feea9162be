package io.orderflow.localrun;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Holds where Orderflow's local run keeps its state and which ports it uses, read from the environment.
 *
 * @param projectRoot the checkout that holds {@code ./orderflow} and the service modules
 * @param stateDir the folder with PostgreSQL's data, Kafka's log and the process logs
 * @param environment the environment variables the settings were read from
 */
record LocalSettings(Path projectRoot, Path stateDir, Map<String, String> environment) {

    static final String LOOPBACK = "127.0.0.1";
    static final List<String> DATABASES = List.of("orders", "inventory", "notifications");
    /** The JVM options of every service instance unless {@code ORDERFLOW_SERVICE_JAVA_OPTS} names others. */
    static final String SERVICE_JAVA_OPTIONS =
            "-Xms128m -Xmx256m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=64m -Xss512k";
    /** The JVM options of each Kafka node unless {@code ORDERFLOW_KAFKA_JAVA_OPTS} names others. */
    static final String KAFKA_JAVA_OPTIONS = "-Xms256m -Xmx512m -XX:+UseSerialGC";

    /** Reads the settings of this launcher process. */
    static LocalSettings fromEnvironment() {
        Map<String, String> env = System.getenv();
        Path root = locateProjectRoot();
        String home = env.get("ORDERFLOW_HOME");
        Path state = home == null || home.isBlank() ? root.resolve(".orderflow") : root.resolve(home);
        return new LocalSettings(root, state.toAbsolutePath().normalize(), env);
    }

    private static Path locateProjectRoot() {
        String root = System.getProperty("orderflow.root");
        if (root != null) {
            return Path.of(root).toAbsolutePath().normalize();
        }
        try {
            // the jar sits in <root>/local-run/target/
            Path jar = Path.of(LocalRun.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent().getParent();
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException("Cannot tell where the project is; pass -Dorderflow.root", ex);
        }
    }

    /** Returns the port of a process named like {@code order-service}, set by {@code ORDERFLOW_ORDER_SERVICE_PORT}. */
    int port(String name, int defaultPort) {
        String key = "ORDERFLOW_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_PORT";
        String value = environment.get(key);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            return Integer.parseInt(value.trim());
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException(key + " is not a port number: " + value, ex);
        }
    }

    int kafkaPort() {
        return port("kafka", 9092);
    }

    int kafkaControllerPort() {
        return port("kafka-controller", 9093);
    }

    int postgresPort() {
        return port("postgres", 5432);
    }

    int smtpPort() {
        return port("smtp", 3025);
    }

    int mailPagePort() {
        return port("mail-page", 8025);
    }

    /**
     * Returns the bootstrap servers the ops commands and the harness talk to: {@code KAFKA_BOOTSTRAP_SERVERS}, or every
     * node of the state folder's Kafka ({@link KafkaLayout}).
     */
    String kafkaBootstrapServers() {
        String configured = environment.get("KAFKA_BOOTSTRAP_SERVERS");
        return configured == null || configured.isBlank() ? KafkaLayout.resolve(this, null).bootstrapServers()
                : configured;
    }

    /** Returns the JDBC URL prefix of an external PostgreSQL, or {@code null} for the embedded one. */
    String externalDatabaseUrlPrefix() {
        String prefix = environment.get("ORDERFLOW_DATABASE_URL_PREFIX");
        return prefix == null || prefix.isBlank() ? null : (prefix.endsWith("/") ? prefix : prefix + "/");
    }

    String externalDatabaseUsername() {
        return environment.getOrDefault("ORDERFLOW_DATABASE_USERNAME", "postgres");
    }

    String externalDatabasePassword() {
        return environment.getOrDefault("ORDERFLOW_DATABASE_PASSWORD", "postgres");
    }

    /** Returns how long the services may take to become healthy. */
    Duration healthTimeout() {
        String value = environment.getOrDefault("ORDERFLOW_HEALTH_TIMEOUT_SECONDS", "180").trim();
        try {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("ORDERFLOW_HEALTH_TIMEOUT_SECONDS is not a number: " + value, ex);
        }
    }

    /**
     * Returns the JVM options of every service instance. The heap is sized from measurements at 1,000 orders/s (see
     * the README's performance notes): a small young generation collected often by the serial collector costs less
     * CPU on two cores than a parallel one, and keeps a service's resident memory near 300 MB.
     */
    List<String> serviceJavaOptions() {
        return javaOptions("ORDERFLOW_SERVICE_JAVA_OPTS", SERVICE_JAVA_OPTIONS);
    }

    /** Returns the JVM options of each Kafka node, which runs with both JIT compilers (C2 for the steady state). */
    List<String> kafkaJavaOptions() {
        return javaOptions("ORDERFLOW_KAFKA_JAVA_OPTS", KAFKA_JAVA_OPTIONS);
    }

    /** Tells whether services start from their AOT cache when it is fresh ({@code ORDERFLOW_AOT_CACHE} not off). */
    boolean aotCacheEnabled() {
        return !"off".equalsIgnoreCase(aotCacheMode());
    }

    /**
     * Tells whether a training run records a service's AOT cache when it is missing or stale: with
     * {@code ORDERFLOW_AOT_CACHE=on}, the default, but not with {@code use} (a fresh cache only) or {@code off}.
     */
    boolean aotCacheRecorded() {
        return "on".equalsIgnoreCase(aotCacheMode());
    }

    private String aotCacheMode() {
        return environment.getOrDefault("ORDERFLOW_AOT_CACHE", "on").trim();
    }

    private List<String> javaOptions(String key, String defaults) {
        String value = environment.getOrDefault(key, defaults).trim();
        return value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
    }

    /** Returns the {@code java} executable that runs this launcher, so that every child uses the same JDK. */
    static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Returns the launcher's jar, whose manifest puts every jar the broker needs on the class path too. */
    Path launcherJar() {
        return projectRoot.resolve("local-run/target/orderflow-local-run.jar");
    }

    Path logsDir() {
        return stateDir.resolve("logs");
    }

    Path configDir() {
        return stateDir.resolve("config");
    }

    Path tmpDir() {
        return stateDir.resolve("tmp");
    }
}
