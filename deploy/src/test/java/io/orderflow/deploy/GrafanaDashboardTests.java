package io.orderflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the Grafana dashboard of deploy/grafana/ without Grafana: every panel reads the Prometheus data source that
 * the grafana/otel-lgtm image provisions (uid {@code prometheus}), and panel ids are unique. That every metric it reads
 * is served is MetricNamesEndToEndTests' job (e2e-tests).
 */
class GrafanaDashboardTests {

    private static final Path GRAFANA = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize()
            .resolve("grafana");

    @Test
    void everyPanelQueriesTheImagesPrometheusAndHasAnIdOfItsOwn() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(GRAFANA.resolve("orderflow.json").toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("orderflow");
        List<Integer> ids = new ArrayList<>();
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            ids.add(panel.path("id").asInt());
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                    .isEqualTo("prometheus");
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(expressions).allSatisfy(expr -> assertThat(expr).isNotBlank());
    }

    @Test
    void theProvisioningLoadsTheDashboardsFolderReadOnly() throws IOException {
        JsonNode provider = new YAMLMapper().readTree(GRAFANA.resolve("dashboards.yaml").toFile())
                .path("providers").get(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(provider.path("allowUiUpdates").asBoolean(true)).isFalse();
        assertThat(provider.path("options").path("path").asText())
                .startsWith("/otel-lgtm/grafana/conf/provisioning/dashboards/");
    }
}
