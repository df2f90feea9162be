package io.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.orderflow.testsupport.TestTokens;

class MetricsEndToEndTests extends EndToEndTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyServiceServesItsMetricsInThePrometheusFormat() throws Exception {
        Map<ServiceProcess, String> metricOfItsOwn = Map.of(
                system.orderService, "orderflow_outbox_pending",
                system.inventoryService, "orderflow_outbox_pending",
                system.notificationService, "orderflow_notifications");

        metricOfItsOwn.forEach((service, metric) -> {
            HttpResponse<String> scrape = get(service.baseUrl() + "/actuator/prometheus");
            assertThat(scrape.statusCode()).as(service.baseUrl()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
            assertThat(scrape.body()).contains("jvm_memory_used_bytes", "hikaricp_connections", metric);
        });
    }

    private HttpResponse<String> get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + TestTokens.storefront()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
