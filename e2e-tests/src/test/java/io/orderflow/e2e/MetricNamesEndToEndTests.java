package io.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

import io.orderflow.harness.JsonClient;
import io.orderflow.harness.JsonClient.TextAnswer;

/**
 * Checks that every metric the Grafana dashboard (deploy/grafana/) and the Prometheus alert rules
 * (deploy/prometheus/alerts.yml) read is served, under that name, by a running service's
 * {@code /actuator/prometheus}, which is what the compose Prometheus scrapes as is (docs/operations.md, Metrics).
 * It runs last: Micrometer binds a Kafka consumer's lag a minute after the consumer starts, and the other classes
 * use that minute.
 */
@Order(Integer.MAX_VALUE)
class MetricNamesEndToEndTests extends EndToEndTest {

    /** Made by Prometheus itself for every scrape, not by a service. */
    private static final Set<String> MADE_BY_PROMETHEUS = Set.of("up");

    private static final Path ROOT = Path.of(System.getProperty("orderflow.root", ".."));

    @Test
    void everyMetricOfTheDashboardAndTheAlertRulesIsServedByARunningService() throws Exception {
        // one order through the saga, so that every timer and counter has been used at least once
        String sku = shop.product("4.50", 10);
        shop.awaitFinal(shop.place("metrics@example.com", Map.of(sku, 1)));

        Map<String, Set<String>> wanted = wantedNames();
        // Micrometer binds a Kafka client's new metrics (a partition's lag among them) once a minute
        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        Map<String, Set<String>> servedBy = servedBy(wanted, scrapes());
        while (!missing(wanted, servedBy).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(2000);
            servedBy = servedBy(wanted, scrapes());
        }

        List<String> missing = missing(wanted, servedBy);
        assertThat(wanted.values()).allSatisfy(names -> assertThat(names).isNotEmpty());
        assertThat(missing).as("metrics no service serves; served: %s", servedBy).isEmpty();
    }

    @Test
    void theExpressionParserFindsMetricNamesAndNothingElse() {
        assertThat(PromQlMetricNames.in("histogram_quantile(0.99, sum by (le, outcome) "
                + "(rate(orderflow_orders_outcome_seconds_bucket{outcome=~\"CONFIRMED|x_y\"}[$__rate_interval])))"))
                .containsExactly("orderflow_orders_outcome_seconds_bucket");
        assertThat(PromQlMetricNames.in("orderflow_orders_pending_oldest_age_seconds > on (application) "
                + "orderflow_orders_pending_timeout_seconds + 60 and up == 1"))
                .containsExactly("orderflow_orders_pending_oldest_age_seconds",
                        "orderflow_orders_pending_timeout_seconds", "up");
    }

    /** Returns, per wanted metric name, the services whose scrape has it. */
    private static Map<String, Set<String>> servedBy(Map<String, Set<String>> wanted, Map<String, String> scrapes) {
        Map<String, Set<String>> servedBy = new TreeMap<>();
        wanted.values().forEach(names -> names.forEach(name -> {
            Set<String> services = servedBy.computeIfAbsent(name, n -> new TreeSet<>());
            scrapes.forEach((service, scrape) -> {
                if (serves(scrape, name)) {
                    services.add(service);
                }
            });
        }));
        return servedBy;
    }

    /** Returns the wanted names no service serves, each with the files that read it. */
    private static List<String> missing(Map<String, Set<String>> wanted, Map<String, Set<String>> servedBy) {
        List<String> missing = new ArrayList<>();
        servedBy.forEach((name, services) -> {
            if (services.isEmpty() && !MADE_BY_PROMETHEUS.contains(name)) {
                missing.add(name + " (in " + wanted.entrySet().stream().filter(e -> e.getValue().contains(name))
                        .map(Map.Entry::getKey).toList() + ")");
            }
        });
        return missing;
    }

    /** Returns, per file, the metric names its expressions read. */
    private static Map<String, Set<String>> wantedNames() throws IOException {
        Map<String, Set<String>> wanted = new LinkedHashMap<>();
        try (var dashboards = Files.list(ROOT.resolve("deploy/grafana"))) {
            for (Path dashboard : dashboards.filter(file -> file.toString().endsWith(".json")).sorted().toList()) {
                Set<String> names = new TreeSet<>();
                JsonClient.JSON.readTree(dashboard.toFile()).findValues("expr")
                        .forEach(expr -> names.addAll(PromQlMetricNames.in(expr.asString())));
                JsonClient.JSON.readTree(dashboard.toFile()).findValues("templating").forEach(templating ->
                        templating.findValues("query").stream().filter(JsonNode::isString)
                                .forEach(query -> names.addAll(PromQlMetricNames.in(query.asString()))));
                wanted.put(ROOT.relativize(dashboard).toString(), names);
            }
        }
        Path rules = ROOT.resolve("deploy/prometheus/alerts.yml");
        Set<String> names = new TreeSet<>();
        Map<String, Object> file = new Yaml().load(Files.readString(rules));
        for (Object group : (List<?>) file.get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                names.addAll(PromQlMetricNames.in(String.valueOf(((Map<?, ?>) rule).get("expr"))));
            }
        }
        wanted.put(ROOT.relativize(rules).toString(), names);
        return wanted;
    }

    /** Returns each service's scrape, and keeps it beside the services' logs. */
    private static Map<String, String> scrapes() throws Exception {
        Map<String, ServiceProcess> services = Map.of("order-service", system.orderService,
                "inventory-service", system.inventoryService, "notification-service", system.notificationService);
        Map<String, String> scrapes = new TreeMap<>();
        Path logs = Path.of(System.getProperty("orderflow.e2e.logs", "target/e2e-logs"));
        Files.createDirectories(logs);
        for (Map.Entry<String, ServiceProcess> service : services.entrySet()) {
            TextAnswer scrape = system.http.getText(service.getValue().baseUrl() + "/actuator/prometheus");
            assertThat(scrape.status()).isEqualTo(200);
            scrapes.put(service.getKey(), scrape.text());
            Files.writeString(logs.resolve(service.getKey() + ".prometheus.txt"), scrape.text());
        }
        return scrapes;
    }

    /** Says whether the Prometheus text {@code scrape} has a sample named {@code name}. */
    private static boolean serves(String scrape, String name) {
        return scrape.lines().anyMatch(line -> line.startsWith(name + "{") || line.startsWith(name + " "));
    }
}
