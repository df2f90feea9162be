package io.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import io.orderflow.testsupport.TestTokens;

/** The HTTP surface: the ledger as api.md promises it, the operator's retry, errors as problems, health, OpenAPI. */
class NotificationApiTests extends NotificationServiceIntegration {

    @Test
    void listsTheNotificationsOfAnOrderWithTheFieldsTheApiPromises() {
        UUID orderId = UUID.randomUUID();
        String recipient = sentToANewRecipient("OrderConfirmed", orderId, "ORDER_CONFIRMED");

        assertThat(mvc.get().uri("/api/notifications?orderId={id}", orderId)).hasStatusOk()
                .hasContentType(MediaType.APPLICATION_JSON).bodyJson().satisfies(json -> {
                    json.assertThat().extractingPath("$").asArray().hasSize(1);
                    json.assertThat().extractingPath("$[0]").asMap()
                            .containsOnlyKeys("id", "orderId", "type", "channel", "recipient", "status", "attempts",
                                    "sentAt")
                            .containsEntry("orderId", orderId.toString())
                            .containsEntry("type", "ORDER_CONFIRMED")
                            .containsEntry("channel", "EMAIL")
                            .containsEntry("recipient", recipient)
                            .containsEntry("status", "SENT")
                            .containsEntry("attempts", 1);
                    json.assertThat().extractingPath("$[0].sentAt").asString().isNotBlank();
                });
    }

    @Test
    void listsNothingForAnOrderWithoutNotifications() {
        assertThat(mvc.get().uri("/api/notifications?orderId={id}", UUID.randomUUID())).hasStatusOk()
                .bodyJson().isEqualTo("[]");
    }

    @Test
    void answersBadRequestForAnOrderIdThatIsNotAUuid() {
        assertThat(mvc.get().uri("/api/notifications?orderId=not-a-uuid"))
                .hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().satisfies(json -> {
                    json.assertThat().extractingPath("$.status").isEqualTo(400);
                    json.assertThat().extractingPath("$.errors[0].field").isEqualTo("orderId");
                });
    }

    @Test
    void keepsTheLedgerAndItsRecipientsForOperatorsOnly() {
        String uri = "/api/notifications?orderId=" + UUID.randomUUID();

        assertThat(mvc.get().uri(uri).header("Authorization", "Bearer " + TestTokens.customer("c-42")))
                .hasStatus(HttpStatus.FORBIDDEN).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(mvc.post().uri("/api/notifications/{id}/retry", UUID.randomUUID())
                .header("Authorization", "Bearer " + TestTokens.client("shop", "orders:write", "orders:read")))
                .hasStatus(HttpStatus.FORBIDDEN);
        assertThat(mvc.get().uri(uri).header("Authorization", "Bearer " + TestTokens.client("ops", "ops:admin")))
                .hasStatusOk();
    }

    @Test
    void answersBadRequestWithoutOrderIdOrStatus() {
        assertThat(mvc.get().uri("/api/notifications"))
                .hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.errors[0].field").isEqualTo("orderId");
    }

    @Test
    void answersBadRequestForAnUnknownStatus() {
        assertThat(mvc.get().uri("/api/notifications?status=LOST"))
                .hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.errors[0].field").isEqualTo("status");
    }

    @Test
    void answersNotFoundForAnUnknownNotification() {
        UUID unknown = UUID.randomUUID();
        assertThat(mvc.get().uri("/api/notifications/{id}", unknown))
                .hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(mvc.post().uri("/api/notifications/{id}/retry", unknown))
                .hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void refusesToRetryASentNotification() {
        UUID orderId = UUID.randomUUID();
        String recipient = sentToANewRecipient("OrderCancelled", orderId, "ORDER_CANCELLED");
        String id = jdbc.queryForObject("SELECT id::text FROM notification WHERE order_id = ?", String.class, orderId);

        assertThat(mvc.post().uri("/api/notifications/{id}/retry", id))
                .hasStatus(HttpStatus.CONFLICT).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.type")
                .isEqualTo("https://orderflow.io/problems/notification-already-sent");
        assertThat(SMTP.messagesTo(recipient)).hasSize(1);
    }

    @Test
    void reportsHealthMetricsAndTheOpenApiDocument() {
        assertThat(mvc.get().uri("/actuator/health")).hasStatusOk().bodyJson().satisfies(json -> {
            json.assertThat().extractingPath("$.status").isEqualTo("UP");
            json.assertThat().extractingPath("$.components.db.status").isEqualTo("UP");
            json.assertThat().extractingPath("$.components.kafka.status").isEqualTo("UP");
            // a mail server that is down delays e-mails; it does not make the service unhealthy
            json.assertThat().extractingPath("$.components").asMap().doesNotContainKey("mail");
        });
        assertThat(mvc.get().uri("/actuator/metrics/orderflow.notifications?tag=status:failed")).hasStatusOk();
        assertThat(mvc.get().uri("/v3/api-docs")).hasStatusOk().bodyJson()
                .extractingPath("$.paths").asMap()
                .containsKeys("/api/notifications", "/api/notifications/{id}", "/api/notifications/{id}/retry");
    }

    /** Publishes an event of {@code type} to a new recipient and waits until its notification is SENT; returns whom. */
    private String sentToANewRecipient(String type, UUID orderId, String notificationType) {
        String recipient = newRecipient();
        publish(golden(type, orderId, recipient));
        awaitSent(orderId, notificationType);
        return recipient;
    }
}
