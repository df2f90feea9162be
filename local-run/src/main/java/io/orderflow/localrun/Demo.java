package io.orderflow.localrun;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import io.orderflow.harness.Invariants;
import io.orderflow.harness.JsonClient;

/**
 * Shows Orderflow at work against a running system: places an order that is confirmed, one that is rejected and one
 * that is cancelled, waits until each is final, and prints the orders and the e-mails they caused.
 */
final class Demo {

    private static final Duration ORDER_DEADLINE = Duration.ofSeconds(30);
    private static final Duration MAIL_DEADLINE = Duration.ofSeconds(20);

    private final LocalApi api;
    private final String mailPage;

    Demo(LocalSettings settings) {
        this.api = LocalApi.of(settings);
        this.mailPage = "http://localhost:" + settings.mailPagePort();
    }

    void run() throws IOException, InterruptedException {
        Instant started = Instant.now();
        try {
            int created = DemoCatalogue.create(api.http(), api.inventory());
            System.out.println("Catalogue: "
                    + (created == 0 ? "SKU-1 to SKU-6 already there" : created + " products created"));
        }
        catch (IOException ex) {
            throw new IllegalStateException("inventory-service does not answer at " + api.inventory()
                    + "; start Orderflow first: ./orderflow run", ex);
        }
        Map<String, String> placed = new LinkedHashMap<>();
        placed.put(place("ann@example.com", Map.of("SKU-1", 2, "SKU-4", 1)),
                "2 x Blue mug, 1 x Coffee beans: confirmed");
        placed.put(place("bob@example.com", Map.of("SKU-6", 5)), "5 x Limited-edition kettle (1 in stock): rejected");
        String toCancel = place("cleo@example.com", Map.of("SKU-2", 1));
        placed.put(toCancel, "1 x Green teapot, then cancelled: cancelled");
        System.out.println("Placed 3 orders; waiting for them to be final...");

        Map<String, JsonNode> finalOrders = awaitFinal(placed.keySet());
        JsonClient.Answer cancelled = api.http().post(api.orders() + "/api/orders/" + toCancel + "/cancel");
        if (!cancelled.isSuccess()) {
            System.out.println("Cancel answered " + cancelled.status() + ": " + cancelled.body());
        }
        finalOrders.put(toCancel, awaitStatus(toCancel, Set.of("CANCELLED")));

        System.out.println();
        System.out.printf("%-38s %-10s %9s  %s%n", "ORDER", "STATUS", "TOTAL", "SCENARIO");
        finalOrders.forEach((id, order) -> System.out.printf("%-38s %-10s %9s  %s%s%n", id,
                order.path("status").asString(), order.path("total").asString("-"), placed.get(id),
                order.path("rejectionReason").isString() ? " (" + order.path("rejectionReason").asString() + ")" : ""));
        // confirmed; rejected; confirmed then cancelled
        printMails(started, List.of("ann@example.com", "bob@example.com", "cleo@example.com"), 4, finalOrders.keySet());
        System.out.printf("%nDemo finished in %.1f s.%n", Duration.between(started, Instant.now()).toMillis() / 1000.0);
    }

    private String place(String email, Map<String, Integer> quantities) throws IOException, InterruptedException {
        List<Map<String, Object>> lines = new ArrayList<>();
        quantities.forEach((sku, quantity) -> lines.add(Map.of("sku", sku, "quantity", quantity)));
        JsonClient.Answer answer = api.http().post(api.orders() + "/api/orders", Map.of(
                "customerId", email.substring(0, email.indexOf('@')), "customerEmail", email, "lines", lines));
        if (answer.status() != 201) {
            throw new IllegalStateException("Placing an order answered " + answer.status() + ": " + answer.body());
        }
        return answer.body().path("id").asString();
    }

    private Map<String, JsonNode> awaitFinal(Set<String> ids) throws IOException, InterruptedException {
        Map<String, JsonNode> result = new LinkedHashMap<>();
        for (String id : ids) {
            result.put(id, awaitStatus(id, Invariants.FINAL_STATUSES));
        }
        return result;
    }

    private JsonNode awaitStatus(String id, Set<String> wanted) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + ORDER_DEADLINE.toNanos();
        while (true) {
            JsonNode order = api.http().get(api.orders() + "/api/orders/" + id).body();
            if (wanted.contains(order.path("status").asString()) || System.nanoTime() > deadline) {
                return order;
            }
            Thread.sleep(200);
        }
    }

    private void printMails(Instant since, List<String> recipients, int expected, Set<String> orderIds)
            throws InterruptedException {
        List<JsonNode> mails = new ArrayList<>();
        long deadline = System.nanoTime() + MAIL_DEADLINE.toNanos();
        try {
            do {
                mails.clear();
                JsonClient.Answer answer = api.http().get(mailPage + "/api/messages");
                if (answer.status() != 200 || !answer.body().isArray()) {
                    throw new IOException("no list at /api/messages");
                }
                for (JsonNode mail : answer.body()) {
                    if (Instant.parse(mail.path("receivedAt").asString()).isAfter(since.minusSeconds(1))
                            && recipients.stream().anyMatch(mail.path("to").asString()::contains)) {
                        mails.add(mail);
                    }
                }
                if (mails.size() < expected) {
                    Thread.sleep(300);
                }
            }
            while (mails.size() < expected && System.nanoTime() < deadline);
        }
        catch (IOException | RuntimeException ex) {
            System.out.println();
            System.out.println("No mail catcher at " + mailPage + " (" + ex.getMessage()
                    + "); the services' notification records instead:");
            printNotifications(orderIds);
            return;
        }
        System.out.println();
        System.out.println("E-mails caught at " + mailPage + " (" + mails.size() + "):");
        for (JsonNode mail : mails) {
            System.out.println("  To " + mail.path("to").asString() + ": " + mail.path("subject").asString());
            mail.path("body").asString().lines().filter(line -> !line.isBlank()).limit(4)
                    .forEach(line -> System.out.println("      " + line.strip()));
        }
    }

    private void printNotifications(Set<String> orderIds) throws InterruptedException {
        for (String id : orderIds) {
            try {
                String url = api.notifications() + "/api/notifications?orderId=" + id;
                for (JsonNode notification : api.http().get(url).body()) {
                    System.out.println("  " + id + " " + notification.path("type").asString() + " to "
                            + notification.path("recipient").asString() + ": "
                            + notification.path("status").asString());
                }
            }
            catch (IOException ex) {
                System.out.println("  notification-service does not answer at " + api.notifications());
                return;
            }
        }
    }
}
