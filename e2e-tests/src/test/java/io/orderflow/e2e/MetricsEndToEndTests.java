package io.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.orderflow.harness.JsonClient.TextAnswer;

class MetricsEndToEndTests extends EndToEndTest {

    @Test
    void everyServiceServesItsMetricsInThePrometheusFormat() throws Exception {
        Map<ServiceProcess, String> metricOfItsOwn = Map.of(
                system.orderService, "orderflow_outbox_pending",
                system.inventoryService, "orderflow_outbox_pending",
                system.notificationService, "orderflow_notifications");

        for (Map.Entry<ServiceProcess, String> service : metricOfItsOwn.entrySet()) {
            TextAnswer scrape = system.http.getText(service.getKey().baseUrl() + "/actuator/prometheus");
            assertThat(scrape.status()).as(service.getKey().baseUrl()).isEqualTo(200);
            assertThat(scrape.contentType()).startsWith("text/plain");
            assertThat(scrape.text()).contains("jvm_memory_used_bytes", "hikaricp_connections", service.getValue());
        }
    }
}
