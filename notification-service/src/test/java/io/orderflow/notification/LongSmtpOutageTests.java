package io.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;

import io.orderflow.notification.notification.EmailContent;
import io.orderflow.notification.notification.NotificationProperties;
import io.orderflow.notification.notification.NotificationQueue.NewEmail;
import io.orderflow.notification.notification.NotificationQueue;
import io.orderflow.notification.notification.NotificationType;

/**
 * The default retry policy against a mail server that is away for an hour, played 1,000 times faster: the back-offs
 * and the poll interval are scaled down (1 s to 1 ms, 5 min to 300 ms), the number of attempts is the real default.
 *
 * <p>Its own application context, because the shared one sets a quick policy of 7 attempts. Its Kafka listener does
 * not start, so that it takes no partition from the shared context's consumer in the same group: the e-mail is put in
 * the ledger the way the listener does it, and the context is closed after the test.
 */
@SpringBootTest(properties = {
        "orderflow.notifications.initial-backoff=1ms",
        "orderflow.notifications.max-backoff=300ms",
        "orderflow.notifications.poll-interval=10ms",
        "spring.kafka.listener.auto-startup=false" })
@DirtiesContext
class LongSmtpOutageTests extends NotificationServiceIntegration {

    /** An hour, 1,000 times faster. */
    private static final Duration SCALED_HOUR = Duration.ofMillis(3_600);
    private static final int OLD_DEFAULT_MAX_ATTEMPTS = 8;

    @Autowired
    NotificationProperties properties;

    @Autowired
    NotificationQueue queue;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void sendsAnEmailOnceAfterAnHourWithoutMailServerWithTheDefaultAttempts() {
        NotificationProperties defaults = new Binder(new MapConfigurationPropertySource())
                .bindOrCreate("orderflow.notifications", NotificationProperties.class);
        assertThat(properties.maxAttempts()).isEqualTo(defaults.maxAttempts())
                .isGreaterThan(OLD_DEFAULT_MAX_ATTEMPTS);

        UUID orderId = UUID.randomUUID();
        String recipient = newRecipient();
        SMTP.stop();
        try {
            transactions.executeWithoutResult(status -> queue.enqueueEmails(List.of(new NewEmail(orderId,
                    NotificationType.ORDER_CONFIRMED, recipient, new EmailContent("Your order is confirmed",
                            "Thank you for your order.")))));

            // the whole (scaled) hour the e-mail waits for its next attempt, and it is tried again and again
            Awaitility.await().during(SCALED_HOUR).atMost(SCALED_HOUR.plusSeconds(5))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> ledger(orderId), rows -> rows.size() == 1
                            && "PENDING".equals(rows.getFirst().get("status")));
            assertThat((Integer) ledger(orderId).getFirst().get("attempts"))
                    .isGreaterThan(OLD_DEFAULT_MAX_ATTEMPTS);
        }
        finally {
            SMTP.start();
        }

        Map<String, Object> row = awaitSent(orderId, "ORDER_CONFIRMED");
        assertThat((Integer) row.get("attempts")).isGreaterThan(OLD_DEFAULT_MAX_ATTEMPTS + 1)
                .isLessThan(properties.maxAttempts());
        Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> SMTP.messagesTo(recipient).size(), count -> count == 1);
    }
}
