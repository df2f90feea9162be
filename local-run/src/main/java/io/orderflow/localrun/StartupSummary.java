package io.orderflow.localrun;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints where everything runs once the local run is up: the services, the mail page, Kafka and PostgreSQL. */
final class StartupSummary {

    private StartupSummary() {
    }

    static void print(LocalSettings settings, List<ServiceInstance> instances, KafkaLayout layout, Database database,
            double secondsToHealthy) {
        Path root = settings.projectRoot();
        Map<String, String> rows = new LinkedHashMap<>();
        for (ServiceInstance instance : instances) {
            rows.put(instance.name(), instance.baseUrl() + "   API " + instance.baseUrl() + "/v3/api-docs   log "
                    + relative(root, settings.logsDir().resolve(instance.name() + ".log")));
        }
        rows.put("mail (read it here)", "http://localhost:" + settings.mailPagePort() + "   JSON /api/messages   SMTP "
                + LocalSettings.LOOPBACK + ":" + settings.smtpPort());
        rows.put("Kafka bootstrap", layout.bootstrapServers() + "   log" + (layout.size() == 1 ? " " : "s ")
                + String.join(" ", layout.nodes().stream()
                        .map(node -> relative(root, layout.logFile(settings, node))).toList())
                + (layout.size() == 1 ? "" : "   RF " + layout.replicationFactor() + ", min ISR "
                        + layout.minInSyncReplicas()));
        rows.put("PostgreSQL", database.jdbcUrl("{" + String.join(",", LocalSettings.DATABASES) + "}")
                + (database.isEmbedded() ? "   roles per service, passwords in "
                        + relative(root, settings.stateDir().resolve("postgres-passwords.properties"))
                        : "   user " + database.admin().username()));
        System.out.println();
        System.out.printf("Orderflow is up: all healthy %.1f s after ./orderflow started. State: %s%n",
                secondsToHealthy, relative(root, settings.stateDir()));
        rows.forEach((name, value) -> System.out.printf("  %-24s %s%n", name, value));
        System.out.println();
        System.out.println("Try ./orderflow demo, watch with ./orderflow tail order-events, stop with Ctrl-C.");
    }

    private static String relative(Path root, Path path) {
        return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
    }
}
