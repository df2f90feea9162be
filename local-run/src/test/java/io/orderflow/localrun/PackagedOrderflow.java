package io.orderflow.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Holds what the acceptance tests that start {@code ./orderflow} need: the project root, the packaged jars, and the
 * ports a local run takes. They run after {@code package} (failsafe); {@code -Dorderflow.skipLocalRunTest=true} skips
 * them.
 */
final class PackagedOrderflow {

    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    static final List<Integer> PORTS = List.of(8081, 8082, 8083, 9092, 9093, 3025, 5432, 8025);
    private static final List<String> JARS = List.of("order-service/target/order-service.jar",
            "inventory-service/target/inventory-service.jar", "notification-service/target/notification-service.jar",
            "local-run/target/orderflow-local-run.jar");

    private static final String C1_ONLY = " -XX:TieredStopAtLevel=1";

    private PackagedOrderflow() {
    }

    /**
     * Sets what a test's {@code ./orderflow} runs with, where the build's own environment does not: the state folder
     * {@code home}, a health timeout for a CI box slower than a laptop, no AOT cache (its training run and the cache's
     * writing take over a minute once per build), and JVMs that compile with C1 only, which start the services about a
     * fifth sooner on two cores. Everything else is as a user runs it; these tests check behaviour, not start-up time
     * or throughput.
     */
    static void prepare(Map<String, String> environment, Path home) {
        environment.put("ORDERFLOW_HOME", ROOT.relativize(home).toString());
        environment.putIfAbsent("ORDERFLOW_HEALTH_TIMEOUT_SECONDS", "420");
        environment.putIfAbsent("ORDERFLOW_AOT_CACHE", "off");
        environment.putIfAbsent("ORDERFLOW_SERVICE_JAVA_OPTS", LocalSettings.SERVICE_JAVA_OPTIONS + C1_ONLY);
        environment.putIfAbsent("ORDERFLOW_KAFKA_JAVA_OPTS", LocalSettings.KAFKA_JAVA_OPTIONS + C1_ONLY);
    }

    /** Skips the test when asked to or when a jar is missing, and fails it when a port is taken already. */
    static void requireJarsAndFreePorts() {
        assumeFalse(Boolean.getBoolean("orderflow.skipLocalRunTest"), "orderflow.skipLocalRunTest is set");
        for (String jar : JARS) {
            assumeTrue(Files.isRegularFile(ROOT.resolve(jar)),
                    jar + " is missing: build from the project root (mvn verify) to run this test");
        }
        assertThat(PORTS).as("ports Orderflow needs, free before the test (is Orderflow running already?)")
                .allMatch(LocalPorts::isFree);
    }
}
