package io.orderflow.notification.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class NotificationTests {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final RetryPolicy THREE_ATTEMPTS = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofMinutes(5));

    private final Notification notification = Notification.email(UUID.randomUUID(), NotificationType.ORDER_CONFIRMED,
            "ann@example.com", new EmailContent("Your order is confirmed", "Hello"), NOW);

    @Test
    void startsPendingAndDueAtOnce() {
        assertThat(notification.getStatus()).isEqualTo(NotificationStatus.PENDING);
        assertThat(notification.getChannel()).isEqualTo(Channel.EMAIL);
        assertThat(notification.getAttempts()).isZero();
        assertThat(notification.getNextAttemptAt()).isEqualTo(NOW);
    }

    @Test
    void waitsLongerAfterEachFailedAttempt() {
        notification.recordFailure("connection refused", NOW, THREE_ATTEMPTS);
        assertThat(notification.getNextAttemptAt()).isEqualTo(NOW.plusSeconds(1));

        notification.recordFailure("connection refused", NOW.plusSeconds(1), THREE_ATTEMPTS);
        assertThat(notification.getNextAttemptAt()).isEqualTo(NOW.plusSeconds(3));
        assertThat(notification.getStatus()).isEqualTo(NotificationStatus.PENDING);
        assertThat(notification.getAttempts()).isEqualTo(2);
        assertThat(notification.getLastError()).isEqualTo("connection refused");
    }

    @Test
    void failsWhenItsLastAttemptFails() {
        for (int attempt = 0; attempt < 3; attempt++) {
            notification.recordFailure("connection refused", NOW, THREE_ATTEMPTS);
        }
        assertThat(notification.getStatus()).isEqualTo(NotificationStatus.FAILED);
        assertThat(notification.getAttempts()).isEqualTo(3);
    }

    @Test
    void countsTheSuccessfulAttempt() {
        notification.recordFailure("connection refused", NOW, THREE_ATTEMPTS);
        notification.recordSent(NOW.plusSeconds(1));

        assertThat(notification.getStatus()).isEqualTo(NotificationStatus.SENT);
        assertThat(notification.getAttempts()).isEqualTo(2);
        assertThat(notification.getSentAt()).isEqualTo(NOW.plusSeconds(1));
    }

    @Test
    void givesAFailedNotificationOneMoreAttemptWhenRequeued() {
        for (int attempt = 0; attempt < 3; attempt++) {
            notification.recordFailure("connection refused", NOW, THREE_ATTEMPTS);
        }
        notification.requeue(NOW.plusSeconds(60));

        assertThat(notification.getStatus()).isEqualTo(NotificationStatus.PENDING);
        assertThat(notification.getNextAttemptAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(notification.getAttempts()).isEqualTo(3);

        notification.recordFailure("connection refused", NOW.plusSeconds(60), THREE_ATTEMPTS);
        assertThat(notification.getStatus()).isEqualTo(NotificationStatus.FAILED);
    }

    @Test
    void refusesToRequeueASentNotification() {
        notification.recordSent(NOW);

        assertThatThrownBy(() -> notification.requeue(NOW)).isInstanceOf(NotificationAlreadySent.class);
        assertThat(notification.getStatus()).isEqualTo(NotificationStatus.SENT);
    }

    @Test
    void keepsLongErrorsShort() {
        notification.recordFailure("x".repeat(10_000), NOW, THREE_ATTEMPTS);

        assertThat(notification.getLastError()).hasSizeLessThan(2100).endsWith("...");
    }
}
