package io.orderflow.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.orderflow.notification.ledger.Notification;
import io.orderflow.notification.ledger.NotificationStatus;
import io.orderflow.notification.ledger.RetryPolicy;

/**
 * Sends due notifications over SMTP, in the background, so that consuming events never waits for a mail server.
 *
 * <p>Each notification is sent in its own transaction, which holds the row lock from claiming it until its outcome is
 * recorded; other senders (other instances) skip locked rows. The e-mail leaves before that transaction commits, so a
 * crash in between sends the e-mail once more after restart: at most one duplicate, never a lost e-mail. A failed
 * attempt is recorded with its error and the notification waits for its next attempt under the {@link RetryPolicy},
 * without holding up the notifications behind it.
 *
 * <p>Several sender threads work at once (each claims a different row), so one slow e-mail holds up no other. Each
 * looks for due notifications every poll interval, and one starts at once when {@link #wakeUp()} is called.
 */
@Component
final class NotificationSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final Notifications notifications;
    private final JavaMailSender mail;
    private final TransactionTemplate transactions;
    private final NotificationProperties properties;
    private final RetryPolicy retryPolicy;
    private final Clock clock;
    private final AtomicBoolean wakeUpQueued = new AtomicBoolean();
    private volatile ScheduledExecutorService executor;

    NotificationSender(Notifications notifications, JavaMailSender mail, TransactionTemplate transactions,
            NotificationProperties properties, Clock clock) {
        this.notifications = notifications;
        this.mail = mail;
        this.transactions = transactions;
        this.properties = properties;
        this.retryPolicy = properties.retryPolicy();
        this.clock = clock;
    }

    /** Makes the sender look for due notifications now instead of at its next poll. */
    void wakeUp() {
        ScheduledExecutorService running = executor;
        if (running != null && wakeUpQueued.compareAndSet(false, true)) {
            try {
                running.execute(this::sendDueNotifications);
            }
            catch (RejectedExecutionException stopping) {
                wakeUpQueued.set(false);
            }
        }
    }

    private void sendDueNotifications() {
        wakeUpQueued.set(false);
        try {
            while (isRunning() && sendNextDueNotification()) {
                // one transaction per notification: a slow mail server holds one row, not a batch
            }
        }
        catch (RuntimeException ex) {
            log.warn("Sending notifications failed, retrying at the next poll: {}", ex.toString());
        }
    }

    /** Sends the notification that has been due longest, if any, and tells whether there was one. */
    private boolean sendNextDueNotification() {
        Boolean sentOne = transactions.execute(status -> {
            Optional<Notification> due = notifications.claimNextDue(clock.instant());
            due.ifPresent(this::send);
            return due.isPresent();
        });
        return Boolean.TRUE.equals(sentOne);
    }

    private void send(Notification notification) {
        try {
            mail.send(message(notification));
            notification.recordSent(clock.instant());
            log.debug("Sent {} e-mail {} for order {} (attempt {})", notification.getType(), notification.getId(),
                    notification.getOrderId(), notification.getAttempts());
        }
        catch (RuntimeException ex) {
            notification.recordFailure(ex.getMessage() == null ? ex.toString() : ex.getMessage(), clock.instant(),
                    retryPolicy);
            if (notification.getStatus() == NotificationStatus.FAILED) {
                log.error("Giving up on {} e-mail {} for order {} after {} attempts: {}", notification.getType(),
                        notification.getId(), notification.getOrderId(), notification.getAttempts(), ex.toString());
            }
            else {
                log.warn("{} e-mail {} for order {} failed (attempt {}), next attempt at {}: {}",
                        notification.getType(), notification.getId(), notification.getOrderId(),
                        notification.getAttempts(), notification.getNextAttemptAt(), ex.toString());
            }
        }
    }

    private SimpleMailMessage message(Notification notification) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.from());
        message.setTo(notification.getRecipient());
        message.setSubject(notification.getSubject());
        message.setText(notification.getBody());
        return message;
    }

    @Override
    public void start() {
        ScheduledExecutorService started = Executors.newScheduledThreadPool(properties.senders(),
                Thread.ofPlatform().name("notification-sender-", 1).daemon().factory());
        executor = started;
        for (int sender = 0; sender < properties.senders(); sender++) {
            started.scheduleWithFixedDelay(this::sendDueNotifications, 0, properties.pollInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService stopping = executor;
        executor = null;
        if (stopping != null) {
            stopping.shutdown();
            try {
                if (!stopping.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("The notification sender did not stop within {}", STOP_TIMEOUT);
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
