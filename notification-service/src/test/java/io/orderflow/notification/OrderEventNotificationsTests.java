package io.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.orderflow.messaging.kafka.DeadLetterTopics;
import io.orderflow.testsupport.EventContracts.GoldenRecord;
import io.orderflow.testsupport.EventContracts;
import io.orderflow.testsupport.TopicRecorder;

/** Order events in, exactly one e-mail per order and event type out, over a real broker and a real SMTP server. */
class OrderEventNotificationsTests extends NotificationServiceIntegration {

    /** Each event's e-mail: its notification type, subject and text (with the order's id for %s). */
    static Stream<Arguments> emails() {
        String linesAndTotal = "  2 x SKU-1 at 12.50 EUR = 25.00 EUR\n  1 x SKU-7 at 4.99 EUR = 4.99 EUR";
        return Stream.of(
                arguments("OrderConfirmed", "ORDER_CONFIRMED", "Your order %s is confirmed",
                        List.of(linesAndTotal, "Total: 29.99 EUR", "Order number: %s")),
                arguments("OrderRejected", "ORDER_REJECTED", "We could not accept your order %s",
                        List.of("  1 x SKU-7\n  1 x NOPE-1",
                                "Why: SKU-7: requested 1, available 0; NOPE-1: unknown sku")),
                arguments("OrderCancelled", "ORDER_CANCELLED", "Your order %s is cancelled",
                        List.of(linesAndTotal, "Total: 29.99 EUR")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emails")
    void sendsOneEmailPerEventWithItsSubjectAndTheOrdersDetails(String type, String notificationType, String subject,
            List<String> text) throws Exception {
        UUID orderId = UUID.randomUUID();
        String recipient = newRecipient();
        // an unknown field proves that the consumer tolerates additions to the contract
        publish(EventContracts.exampleRecord(type, UUID.randomUUID().toString(), orderId.toString(),
                Map.of("customerEmail", recipient, "loyaltyTier", "gold")));

        Map<String, Object> row = awaitSent(orderId, notificationType);

        assertThat(row).containsEntry("attempts", 1).containsEntry("recipient", recipient);
        MimeMessage email = theOnlyEmailTo(recipient);
        assertThat(email.getSubject()).isEqualTo(subject.formatted(orderId));
        assertThat(email.getFrom()[0].toString()).isEqualTo("orders@orderflow.local");
        assertThat(content(email)).contains(text.stream().map(line -> line.formatted(orderId)).toList());
    }

    @Test
    void sendsOneEmailWhenTheSameEventArrivesTwice() throws Exception {
        UUID orderId = UUID.randomUUID();
        String recipient = newRecipient();
        GoldenRecord confirmed = golden("OrderConfirmed", orderId, recipient);
        publish(confirmed);
        publish(confirmed);
        // records of one order share a partition: once the cancellation is sent, both deliveries have been handled
        publish(golden("OrderCancelled", orderId, recipient));

        assertOneConfirmationAndOneCancellation(orderId, recipient);
    }

    @Test
    void sendsOneEmailPerOrderAndTypeEvenForEventsWithDifferentIds() throws Exception {
        UUID orderId = UUID.randomUUID();
        String recipient = newRecipient();
        publishEach(orderId, recipient, "OrderConfirmed", "OrderConfirmed", "OrderCancelled");

        assertOneConfirmationAndOneCancellation(orderId, recipient);
    }

    private void assertOneConfirmationAndOneCancellation(UUID orderId, String recipient) throws Exception {
        awaitSent(orderId, "ORDER_CANCELLED");
        awaitSent(orderId, "ORDER_CONFIRMED");

        assertThat(ledger(orderId)).extracting(row -> row.get("type"))
                .containsExactly("ORDER_CONFIRMED", "ORDER_CANCELLED");
        assertThat(subjectsTo(recipient)).containsExactlyInAnyOrder(
                "Your order " + orderId + " is confirmed", "Your order " + orderId + " is cancelled");
    }

    @Test
    void ignoresOrderPlaced() throws Exception {
        UUID orderId = UUID.randomUUID();
        String recipient = newRecipient();
        publishEach(orderId, recipient, "OrderPlaced", "OrderConfirmed");

        awaitSent(orderId, "ORDER_CONFIRMED");

        assertThat(ledger(orderId)).extracting(row -> row.get("type")).containsExactly("ORDER_CONFIRMED");
        assertThat(subjectsTo(recipient)).containsExactly("Your order " + orderId + " is confirmed");
    }

    @Test
    void deadLettersAMalformedRecordAndGoesOnWithTheNext() throws Exception {
        UUID orderId = UUID.randomUUID();
        String recipient = newRecipient();
        GoldenRecord template = golden("OrderConfirmed", orderId, recipient);
        try (TopicRecorder deadLetters = TopicRecorder.record(DeadLetterTopics.of("order-events"))) {
            publish(template.key(), template.headers(), "{\"orderId\": ".getBytes(StandardCharsets.UTF_8));
            publish(golden("OrderConfirmed", orderId, recipient));

            awaitSent(orderId, "ORDER_CONFIRMED");
            var deadLetter = eventually().until(() -> deadLetters.records(orderId.toString(),
                    "io.orderflow.OrderConfirmed"), records -> !records.isEmpty()).getFirst();

            assertThat(TopicRecorder.header(deadLetter, DeadLetterTopics.REASON_HEADER))
                    .isEqualTo("contract-violation");
            assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).isEqualTo("{\"orderId\": ");
        }
        assertThat(subjectsTo(recipient)).containsExactly("Your order " + orderId + " is confirmed");
    }

    /** Publishes the golden example of each of {@code types} in turn, each with an event id of its own. */
    private void publishEach(UUID orderId, String recipient, String... types) {
        for (String type : types) {
            publish(golden(type, orderId, recipient));
        }
    }

    private MimeMessage theOnlyEmailTo(String recipient) {
        List<MimeMessage> emails = SMTP.messagesTo(recipient);
        assertThat(emails).hasSize(1);
        return emails.getFirst();
    }

    private List<String> subjectsTo(String recipient) throws Exception {
        List<String> subjects = new ArrayList<>();
        for (MimeMessage email : SMTP.messagesTo(recipient)) {
            subjects.add(email.getSubject());
        }
        return subjects;
    }
}
