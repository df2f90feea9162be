package io.orderflow.testsupport;

import java.util.Locale;

import org.testcontainers.DockerClientFactory;

/**
 * Provides one real Kafka broker and one real PostgreSQL server per test JVM.
 *
 * <p>With a Docker engine the two run in containers (Testcontainers); without one they run in process (a KRaft
 * broker from spring-kafka-test and zonky's embedded PostgreSQL). The choice is automatic and can be forced with the
 * system property or environment variable {@code orderflow.test.infrastructure} / {@code ORDERFLOW_TEST_INFRASTRUCTURE}
 * set to {@code containers} or {@code embedded}.
 */
public final class TestInfrastructure {

    private static volatile TestKafka kafka;
    private static volatile TestPostgres postgres;

    private TestInfrastructure() {
    }

    /** Returns the shared broker, starting it on first use. */
    public static synchronized TestKafka kafka() {
        if (kafka == null) {
            kafka = useContainers() ? TestKafka.inContainer() : TestKafka.inProcess();
        }
        return kafka;
    }

    /** Returns the shared database server, starting it on first use. */
    public static synchronized TestPostgres postgres() {
        if (postgres == null) {
            postgres = useContainers() ? TestPostgres.inContainer() : TestPostgres.embedded();
        }
        return postgres;
    }

    /** Tells whether this run uses Testcontainers rather than in-process servers. */
    static boolean useContainers() {
        String choice = System.getProperty("orderflow.test.infrastructure",
                System.getenv().getOrDefault("ORDERFLOW_TEST_INFRASTRUCTURE", "auto")).toLowerCase(Locale.ROOT);
        return switch (choice) {
            case "containers" -> true;
            case "embedded" -> false;
            default -> DockerAvailability.CACHED;
        };
    }

    private static final class DockerAvailability {
        static final boolean CACHED = detect();

        private static boolean detect() {
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            }
            catch (RuntimeException | LinkageError ex) {
                return false;
            }
        }
    }
}
