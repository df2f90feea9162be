package io.orderflow.notification;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import io.orderflow.testsupport.EventContracts.GoldenRecord;
import io.orderflow.testsupport.EventContracts;
import io.orderflow.testsupport.RealInfrastructure;

/**
 * The one application context every integration test shares: the service against the real broker, a fresh database
 * and a real SMTP server, with a quick retry policy (7 attempts, 200 ms doubling up to 1 s) so that a notification
 * FAILs about 4 s after the mail server went away.
 */
@SpringBootTest(properties = {
        "orderflow.notifications.max-attempts=7",
        "orderflow.notifications.initial-backoff=200ms",
        "orderflow.notifications.max-backoff=1s",
        "orderflow.notifications.poll-interval=100ms" })
@AutoConfigureMockMvc
@RealInfrastructure(database = "notifications")
abstract class NotificationServiceIntegration {

    static final int MAX_ATTEMPTS = 7;
    static final TestSmtpServer SMTP = TestSmtpServer.onFreePort();

    @Autowired
    KafkaTemplate<String, byte[]> kafka;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MockMvcTester mvc;

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", SMTP::port);
    }

    static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50));
    }

    static String newRecipient() {
        return "customer-" + UUID.randomUUID() + "@example.com";
    }

    /** Builds the golden example of {@code type} for a fresh event id, the given order and recipient. */
    static GoldenRecord golden(String type, UUID orderId, String recipient) {
        return EventContracts.exampleRecord(type, UUID.randomUUID().toString(), orderId.toString(),
                Map.of("customerEmail", recipient));
    }

    void publish(GoldenRecord record) {
        publish(record.key(), record.headers(), record.value());
    }

    void publish(String key, Headers headers, byte[] value) {
        try {
            // a copy, because the producer makes the headers of a sent record read-only
            kafka.send(new ProducerRecord<>("order-events", null, key, value, new RecordHeaders(headers.toArray())))
                    .get(10, TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not publish to order-events", ex);
        }
    }

    /** Returns the ledger rows of an order: type, status, attempts, recipient. */
    List<Map<String, Object>> ledger(UUID orderId) {
        return jdbc.queryForList(
                "SELECT type, status, attempts, recipient FROM notification WHERE order_id = ? ORDER BY created_at",
                orderId);
    }

    /** Waits until the order has a SENT notification of {@code type} and returns its ledger row. */
    Map<String, Object> awaitSent(UUID orderId, String type) {
        return eventually().until(() -> ledger(orderId).stream()
                .filter(row -> type.equals(row.get("type")) && "SENT".equals(row.get("status")))
                .findFirst().orElse(null), row -> row != null);
    }

    static String content(MimeMessage message) {
        try {
            return message.getContent().toString().replace("\r\n", "\n");
        }
        catch (MessagingException | java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
