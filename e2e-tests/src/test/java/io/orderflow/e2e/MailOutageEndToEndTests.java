package io.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MailOutageEndToEndTests extends EndToEndTest {

    @Test
    void mailsQueuedWhileSmtpIsDownAreSentExactlyOnceWhenItIsBack() throws Exception {
        String sku = shop.product("1.00", 100);
        List<JsonNode> orders = new ArrayList<>();
        system.smtp.stop();
        try {
            for (int i = 0; i < 6; i++) {
                orders.add(shop.place(shop.email(), Map.of(sku, 1)));
            }
            for (JsonNode order : orders) {
                assertThat(shop.awaitFinal(order).get("status").asString()).isEqualTo("CONFIRMED");
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    JsonNode notifications = system.http.get(system.notifications() + "?orderId=" + shop.id(order)).body();
                    assertThat(notifications).hasSize(1);
                    assertThat(notifications.get(0).get("status").asString()).isEqualTo("PENDING");
                    assertThat(notifications.get(0).get("attempts").asInt()).isPositive();
                });
            }
            assertThat(orders).allMatch(order -> system.mailsTo(order.get("customerEmail").asString()).isEmpty());
        }
        finally {
            system.smtp.start();
        }

        for (JsonNode order : orders) {
            shop.awaitOnlyMail(order.get("customerEmail").asString());
            shop.assertNotified(order, "ORDER_CONFIRMED");
        }
    }
}
