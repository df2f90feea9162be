package io.orderflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the structure of deploy/prometheus/alerts.yml as Prometheus's rule file format has it, without Prometheus
 * (promtool is not at hand where this was written): groups with a name and rules, each alert with its expression, a
 * severity, a summary and a description, and documented in docs/operations.md. That every metric the expressions
 * read is served is MetricNamesEndToEndTests' job (e2e-tests).
 */
class AlertRulesTests {

    private static final Path MODULE_DIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static final Path REPO_ROOT = MODULE_DIR.getParent();

    private static JsonNode rules;

    @BeforeAll
    static void load() throws IOException {
        rules = new YAMLMapper().readTree(MODULE_DIR.resolve("prometheus/alerts.yml").toFile());
    }

    @Test
    void everyGroupHasANameAndRulesAndEveryRuleIsAnAlertWithAnExpressionASeverityAndAnExplanation() {
        assertThat(rules.path("groups").isArray()).isTrue();
        assertThat(rules.path("groups")).isNotEmpty();
        for (JsonNode group : rules.path("groups")) {
            assertThat(group.path("name").asText()).isNotBlank();
            assertThat(group.path("rules")).isNotEmpty();
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText();
                assertThat(alert).as("alert name").matches("Orderflow[A-Z][A-Za-z0-9]+");
                assertThat(rule.path("expr").asText()).as(alert).isNotBlank();
                assertThat(rule.path("labels").path("severity").asText()).as(alert).isIn("warning", "critical");
                assertThat(rule.path("annotations").path("summary").asText()).as(alert).isNotBlank();
                assertThat(rule.path("annotations").path("description").asText()).as(alert).isNotBlank();
                if (rule.has("for")) {
                    assertThat(rule.path("for").asText()).as(alert).matches("\\d+[smh]");
                }
                List<String> known = List.of("alert", "expr", "for", "keep_firing_for", "labels", "annotations");
                rule.fieldNames().forEachRemaining(key -> assertThat(key).as(alert).isIn(known));
            }
        }
    }

    @Test
    void eachAlertIsNamedOnceAndExplainedInTheOperationsGuide() throws IOException {
        List<String> alerts = alerts();
        assertThat(alerts).doesNotHaveDuplicates();
        String operations = Files.readString(REPO_ROOT.resolve("docs/operations.md"));
        assertThat(alerts).allSatisfy(alert -> assertThat(operations).contains("`" + alert + "`"));
    }

    @Test
    void theAlertsCoverWhatOpsAreToBeWokenFor() {
        assertThat(String.join(" ", expressions())).contains(
                "kafka_consumer_fetch_manager_records_lag", "orderflow_outbox_oldest_age_seconds",
                "orderflow_outbox_parked", "orderflow_messaging_dead_letters_total",
                "orderflow_notifications{status=\"failed\"}", "orderflow_orders_pending_oldest_age_seconds",
                "http_server_requests_seconds_count{status=~\"5..\"}", "orderflow_orders_shed_total");
    }

    private static List<String> alerts() {
        List<String> alerts = new ArrayList<>();
        rules.path("groups").forEach(group -> group.path("rules").forEach(rule -> alerts.add(rule.path("alert")
                .asText())));
        return alerts;
    }

    private static List<String> expressions() {
        List<String> expressions = new ArrayList<>();
        rules.path("groups").forEach(group -> group.path("rules").forEach(rule -> expressions.add(rule.path("expr")
                .asText())));
        return expressions;
    }
}
