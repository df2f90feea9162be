package io.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.orderflow.e2e.SmtpInbox.Mail;
import io.orderflow.harness.JsonClient.Answer;

class SagaEndToEndTests extends EndToEndTest {

    @Test
    void aStockedOrderIsConfirmedPricedReservedAndMailedOnce() throws Exception {
        String mug = shop.product("12.50", 10);
        String spoon = shop.product("4.99", 5);
        String email = shop.email();

        JsonNode placed = shop.place(email, Map.of(mug, 2, spoon, 1));
        JsonNode order = shop.awaitFinal(placed);

        assertThat(order.get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(order.get("total").decimalValue()).isEqualByComparingTo("29.99");
        assertThat(order.get("lines").valueStream().map(l -> l.get("unitPrice").decimalValue()))
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactlyInAnyOrder(new BigDecimal("12.50"), new BigDecimal("4.99"));
        shop.assertStock(mug, 8, 2);
        shop.assertStock(spoon, 4, 1);
        Mail mail = shop.awaitOnlyMail(email);
        assertThat(mail.body()).contains(mug).contains(spoon).contains("29.99");
        shop.assertNotified(order, "ORDER_CONFIRMED");
    }

    @Test
    void anOrderForMoreThanTheStockIsRejectedWithItsReasonAndTouchesNoStock() throws Exception {
        String plenty = shop.product("3.00", 10);
        String scarce = shop.product("7.00", 1);
        String email = shop.email();

        JsonNode order = shop.awaitFinal(shop.place(email, Map.of(plenty, 1, scarce, 2)));

        assertThat(order.get("status").asString()).isEqualTo("REJECTED");
        assertThat(order.get("rejectionReason").asString()).contains(scarce).contains("requested 2")
                .contains("available 1");
        shop.assertStock(plenty, 10, 0);
        shop.assertStock(scarce, 1, 0);
        assertThat(shop.awaitOnlyMail(email).body()).contains(scarce);
        shop.assertNotified(order, "ORDER_REJECTED");
    }

    @Test
    void cancellingAConfirmedOrderRestoresTheStockAndMailsTheCustomer() throws Exception {
        String sku = shop.product("10.00", 5);
        String email = shop.email();
        JsonNode order = shop.awaitFinal(shop.place(email, Map.of(sku, 3)));
        assertThat(order.get("status").asString()).isEqualTo("CONFIRMED");

        Answer cancelled = system.http.post(system.orders() + "/" + shop.id(order) + "/cancel");

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().get("status").asString()).isEqualTo("CANCELLED");
        shop.assertStock(sku, 5, 0);
        await().atMost(Storefront.FINAL_STATE).until(() -> system.mailsTo(email).size() == 2);
        assertThat(system.mailsTo(email)).extracting(Mail::subject).anyMatch(s -> s.toLowerCase().contains("cancel"));
        shop.assertNotified(order, "ORDER_CANCELLED");
    }

    @Test
    void anOrderCancelledWhilePendingEndsCancelledWithTheStockWhereItStarted() throws Exception {
        String sku = shop.product("2.00", 4);
        system.inventoryService.stop();
        JsonNode order;
        try {
            order = shop.place(shop.email(), Map.of(sku, 3));
            Answer cancelled = system.http.post(system.orders() + "/" + shop.id(order) + "/cancel");
            assertThat(cancelled.body().get("status").asString()).isEqualTo("CANCELLED");
        }
        finally {
            system.inventoryService.start();
            system.inventoryService.awaitHealthy(Duration.ofSeconds(120));
        }

        shop.assertStock(sku, 4, 0);
        assertThat(shop.get(order).get("status").asString()).isEqualTo("CANCELLED");
        shop.assertNotified(order, "ORDER_CANCELLED");
    }

    @Test
    void aRepeatedPostWithTheSameIdempotencyKeyMakesOneOrderAndOneMail() throws Exception {
        String sku = shop.product("1.00", 10);
        String email = shop.email();
        Map<String, Object> body = shop.order(email, Map.of(sku, 1));
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());

        Answer first = system.http.post(system.orders(), body, key);
        Answer second = system.http.post(system.orders(), body, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(shop.id(second.body())).isEqualTo(shop.id(first.body()));
        shop.awaitFinal(first.body());
        shop.awaitOnlyMail(email);
        shop.assertStock(sku, 9, 1);
    }

    @Test
    void aHundredConcurrentOrdersNeverTakeMoreThanTheStock() throws Exception {
        String sku = shop.product("5.00", 40);
        List<Callable<JsonNode>> placements = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int quantity = 1 + i % 2;
            placements.add(() -> shop.place(shop.email(), Map.of(sku, quantity)));
        }
        List<JsonNode> placed = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<JsonNode> future : executor.invokeAll(placements)) {
                placed.add(future.get());
            }
        }

        List<JsonNode> finals = placed.stream().map(shop::awaitFinal).toList();

        long confirmedQuantity = finals.stream().filter(o -> o.get("status").asString().equals("CONFIRMED"))
                .mapToLong(o -> o.get("lines").get(0).get("quantity").asLong()).sum();
        assertThat(finals).allMatch(o -> List.of("CONFIRMED", "REJECTED").contains(o.get("status").asString()));
        JsonNode product = system.http.get(system.products() + "/" + sku).body();
        assertThat(product.get("reserved").asLong()).isEqualTo(confirmedQuantity);
        assertThat(product.get("available").asLong()).isEqualTo(40 - confirmedQuantity).isGreaterThanOrEqualTo(0);
        assertThat(confirmedQuantity).isGreaterThan(0);
        for (JsonNode order : finals) {
            String email = order.get("customerEmail").asString();
            shop.awaitOnlyMail(email);
        }
    }
}
