package io.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import io.orderflow.harness.JsonClient.Answer;
import io.orderflow.e2e.SmtpInbox.Mail;

/** Drives a running Orderflow the way a storefront and a customer's inbox see it, and waits for outcomes. */
final class Storefront {

    static final Duration FINAL_STATE = Duration.ofSeconds(60);

    private final RunningOrderflow system;

    Storefront(RunningOrderflow system) {
        this.system = system;
    }

    String product(String price, int stock) throws Exception {
        String sku = "E2E-" + UUID.randomUUID().toString().substring(0, 8);
        Answer created = system.http.post(system.products(), Map.of("sku", sku, "name", "Test product " + sku,
                "unitPrice", new BigDecimal(price), "stock", stock));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return sku;
    }

    /**
     * Places an order, and sends it again with the same {@code Idempotency-Key} while order-service answers 503 with
     * {@code Retry-After} (at capacity), as its API asks a storefront to.
     */
    JsonNode place(String email, Map<String, Integer> lines) throws Exception {
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        Answer response = system.http.post(system.orders(), order(email, lines), key);
        long deadline = System.nanoTime() + FINAL_STATE.toNanos();
        while (response.status() == 503 && response.retryAfter() != null && System.nanoTime() < deadline) {
            Thread.sleep(100);
            response = system.http.post(system.orders(), order(email, lines), key);
        }
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        assertThat(response.body().get("status").asString()).isEqualTo("PENDING");
        return response.body();
    }

    Map<String, Object> order(String email, Map<String, Integer> lines) {
        List<Map<String, Object>> items = lines.entrySet().stream()
                .map(line -> Map.<String, Object>of("sku", line.getKey(), "quantity", line.getValue())).toList();
        return Map.of("customerId", "c-e2e", "customerEmail", email, "lines", items);
    }

    JsonNode awaitFinal(JsonNode order) {
        return await().atMost(FINAL_STATE).pollInterval(Duration.ofMillis(100)).until(() -> get(order),
                current -> !current.get("status").asString().equals("PENDING"));
    }

    JsonNode get(JsonNode order) throws Exception {
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
