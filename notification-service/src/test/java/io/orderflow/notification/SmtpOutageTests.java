package io.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * A mail server that goes away: notifications wait in the ledger and are retried with back-off, the listener keeps
 * consuming, and every e-mail goes out exactly once when the server is back, or on an operator's retry once the
 * attempts are used up.
 */
class SmtpOutageTests extends NotificationServiceIntegration {

    @Test
    void keepsConsumingWhileTheMailServerIsDownAndSendsEachEmailOnceItIsBack() throws Exception {
        List<UUID> orders = IntStream.range(0, 5).mapToObj(i -> UUID.randomUUID()).toList();
        Map<UUID, String> recipients = new HashMap<>();
        SMTP.stop();
        try {
            for (UUID orderId : orders) {
                recipients.put(orderId, newRecipient());
                publish(golden("OrderConfirmed", orderId, recipients.get(orderId)));
            }

            // every event is recorded although no e-mail can leave: the partition does not wait for SMTP
            eventually().untilAsserted(() -> assertThat(orders).allSatisfy(orderId -> assertThat(ledger(orderId))
                    .singleElement()
                    .satisfies(row -> assertThat(row).containsEntry("status", "PENDING"))
                    .satisfies(row -> assertThat((Integer) row.get("attempts")).isGreaterThanOrEqualTo(2))));
        }
        finally {
            SMTP.start();
        }

        for (UUID orderId : orders) {
            Map<String, Object> row = awaitSent(orderId, "ORDER_CONFIRMED");
            assertThat((Integer) row.get("attempts")).isBetween(3, MAX_ATTEMPTS);
        }
        assertThat(orders).allSatisfy(orderId -> assertThat(SMTP.messagesTo(recipients.get(orderId))).hasSize(1));
    }

    @Test
    void failsAfterTheLastAttemptAndSendsWhenAnOperatorRetries() {
        UUID orderId = UUID.randomUUID();
        String recipient = newRecipient();
        String notificationId;
        SMTP.stop();
        try {
            publish(golden("OrderRejected", orderId, recipient));

            eventually().untilAsserted(() -> assertThat(mvc.get().uri("/api/notifications?orderId={id}", orderId))
                    .hasStatusOk().bodyJson()
                    .hasPathSatisfying("$[0].status", status -> status.assertThat().isEqualTo("FAILED")));
            notificationId = jdbc.queryForObject("SELECT id::text FROM notification WHERE order_id = ?",
                    String.class, orderId);
            assertThat(mvc.get().uri("/api/notifications/{id}", notificationId)).hasStatusOk().bodyJson()
                    .satisfies(json -> {
                        json.assertThat().extractingPath("$.attempts").isEqualTo(MAX_ATTEMPTS);
                        json.assertThat().extractingPath("$.lastError").asString().isNotBlank();
                        json.assertThat().extractingPath("$.nextAttemptAt").isNull();
                    });
            assertThat(mvc.get().uri("/api/notifications?status=FAILED")).hasStatusOk().bodyJson()
                    .extractingPath("$[*].id").asArray().contains(notificationId);
        }
        finally {
            SMTP.start();
        }
        assertThat(SMTP.messagesTo(recipient)).isEmpty();

        assertThat(mvc.post().uri("/api/notifications/{id}/retry", notificationId)).hasStatus(HttpStatus.OK)
                .bodyJson().satisfies(json -> {
                    json.assertThat().extractingPath("$.status").isEqualTo("PENDING");
                    json.assertThat().extractingPath("$.attempts").isEqualTo(MAX_ATTEMPTS);
                });

        Map<String, Object> row = awaitSent(orderId, "ORDER_REJECTED");
        assertThat(row).containsEntry("attempts", MAX_ATTEMPTS + 1);
        assertThat(SMTP.messagesTo(recipient)).hasSize(1);
    }
}
