package io.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import io.orderflow.e2e.HttpJson.Response;
import io.orderflow.e2e.SmtpInbox.Mail;

/** Drives a running Orderflow the way a storefront and a customer's inbox see it, and waits for outcomes. */
final class Storefront {

    static final Duration FINAL_STATE = Duration.ofSeconds(60);

    private final RunningOrderflow system;

    Storefront(RunningOrderflow system) {
        this.system = system;
    }

    String product(String price, int stock) {
        String sku = "E2E-" + UUID.randomUUID().toString().substring(0, 8);
        Response created = system.http.post(system.products(), """
                { "sku": "%s", "name": "Test product %s", "unitPrice": %s, "stock": %d }"""
                .formatted(sku, sku, price, stock));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return sku;
    }

    JsonNode place(String email, Map<String, Integer> lines) {
        Response response = system.http.post(system.orders(), orderJson(email, lines));
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        assertThat(response.body().get("status").asString()).isEqualTo("PENDING");
        return response.body();
    }

    String orderJson(String email, Map<String, Integer> lines) {
        String items = lines.entrySet().stream()
                .map(line -> "{ \"sku\": \"%s\", \"quantity\": %d }".formatted(line.getKey(), line.getValue()))
                .reduce((a, b) -> a + ", " + b).orElseThrow();
        return """
                { "customerId": "c-e2e", "customerEmail": "%s", "lines": [ %s ] }""".formatted(email, items);
    }

    JsonNode awaitFinal(JsonNode order) {
        return await().atMost(FINAL_STATE).pollInterval(Duration.ofMillis(100)).until(() -> get(order),
                current -> !current.get("status").asString().equals("PENDING"));
    }

    JsonNode get(JsonNode order) {
        return system.http.get(system.orders() + "/" + id(order)).body();
    }

    void assertStock(String sku, long available, long reserved) {
        await().atMost(FINAL_STATE).untilAsserted(() -> {
            JsonNode product = system.http.get(system.products() + "/" + sku).body();
            assertThat(product.get("available").asLong()).as("available of " + sku).isEqualTo(available);
            assertThat(product.get("reserved").asLong()).as("reserved of " + sku).isEqualTo(reserved);
        });
    }

    Mail awaitOnlyMail(String email) {
        await().atMost(FINAL_STATE).until(() -> !system.mailsTo(email).isEmpty());
        assertThat(system.mailsTo(email)).hasSize(1);
        return system.mailsTo(email).getFirst();
    }

    void assertNotified(JsonNode order, String type) {
        await().atMost(FINAL_STATE).untilAsserted(() -> {
            JsonNode notifications = system.http.get(system.notifications() + "?orderId=" + id(order)).body();
            assertThat(notifications.valueStream()
                    .filter(n -> n.get("type").asString().equals(type))
                    .filter(n -> n.get("status").asString().equals("SENT"))).hasSize(1);
        });
    }

    String email() {
        return "c-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    }

    String id(JsonNode order) {
        return order.get("id").asString();
    }
}
