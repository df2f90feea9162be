package io.orderflow.localrun;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import tools.jackson.databind.JsonNode;

import io.orderflow.harness.Invariants;
import io.orderflow.harness.JsonClient;

/**
 * Serves orders through services that record their AOT cache, so that the cache holds the classes and the method
 * profiles of serving orders, not only of starting: places orders that are confirmed, rejected and cancelled, waits
 * until each is final and its e-mail is sent, and reads orders, products and notifications back. Its orders belong to
 * customer {@value #CUSTOMER} and its products are {@code AOT-TRAINING-*}, so that they are easy to tell apart.
 */
final class AotTraining {

    static final String CUSTOMER = "aot-training";
    private static final int ORDERS = 200;
    private static final int CLIENTS = 8;
    private static final long DEADLINE_NANOS = 60_000_000_000L;
    private static final List<DemoCatalogue.Product> PRODUCTS = List.of(
            new DemoCatalogue.Product("AOT-TRAINING-1", "AOT training product", new BigDecimal("10.00"), 1_000_000),
            new DemoCatalogue.Product("AOT-TRAINING-2", "AOT training product", new BigDecimal("2.50"), 1_000_000),
            new DemoCatalogue.Product("AOT-TRAINING-EMPTY", "AOT training product, never in stock",
                    new BigDecimal("1.00"), 0));

    private final LocalApi api;

    AotTraining(LocalSettings settings) {
        this.api = LocalApi.of(settings);
    }

    /** Runs the workload: every order placed, answered and final, or an exception that says what did not work. */
    void run() throws Exception {
        for (DemoCatalogue.Product product : PRODUCTS) {
            JsonClient.Answer answer = api.http().post(api.inventory() + "/api/products", product);
            if (answer.status() != 201 && answer.status() != 409) {
                throw new IllegalStateException("Creating " + product.sku() + " answered " + answer.status());
            }
        }
        List<String> placed = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                int order = i;
                results.add(clients.submit(() -> placeAndFollow(order)));
            }
            for (Future<String> result : results) {
                placed.add(result.get());
            }
        }
        api.http().get(api.orders() + "/api/orders?customerId=" + CUSTOMER + "&size=100");
        api.http().get(api.inventory() + "/api/products/AOT-TRAINING-1");
        api.http().get(api.inventory() + "/api/products?size=50");
        for (String id : placed.subList(0, 20)) {
            awaitNotified(id);
        }
    }

    /** Places one order (every tenth is rejected, every tenth cancelled) and waits until it is final. */
    private String placeAndFollow(int order) throws IOException, InterruptedException {
        String sku = order % 10 == 3 ? "AOT-TRAINING-EMPTY" : "AOT-TRAINING-" + (1 + order % 2);
        JsonClient.Answer answer = api.http().post(api.orders() + "/api/orders", Map.of("customerId", CUSTOMER,
                "customerEmail", CUSTOMER + "@example.com",
                "lines", List.of(Map.of("sku", sku, "quantity", 1 + order % 3))),
                Map.of("Idempotency-Key", "aot-training-" + System.nanoTime() + "-" + order));
        if (answer.status() != 201) {
            throw new IllegalStateException("Placing a training order answered " + answer.status());
        }
        String id = answer.body().path("id").asString();
        if (order % 10 == 7) {
            api.http().post(api.orders() + "/api/orders/" + id + "/cancel", Map.of());
        }
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        String url = api.orders() + "/api/orders/" + id;
        while (!Invariants.FINAL_STATUSES.contains(api.http().get(url).body().path("status").asString())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Training order " + id + " was not final within a minute");
            }
            Thread.sleep(100);
        }
        return id;
    }

    private void awaitNotified(String id) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (System.nanoTime() < deadline) {
            JsonNode list = api.http().get(api.notifications() + "/api/notifications?orderId=" + id).body();
            if (list.isArray() && !list.isEmpty() && "SENT".equals(list.get(0).path("status").asString())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("The e-mail of training order " + id + " was not sent within a minute");
    }
}
