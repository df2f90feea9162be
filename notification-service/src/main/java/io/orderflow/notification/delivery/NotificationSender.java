package io.orderflow.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.mail.MailSendException;
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
 * <p>A sender claims a batch of due notifications in one transaction, which holds their row locks until their outcomes
 * are recorded; other senders (other instances) skip locked rows. The batch goes out over one SMTP connection. The
 * e-mails leave before that transaction commits, so a crash in between sends them once more after restart: at most one
 * batch of duplicates, never a lost e-mail. A failed attempt is recorded with its error and the notification waits for
 * its next attempt under the {@link RetryPolicy}, without holding up the notifications behind it.
 *
 * <p>Several sender threads work at once (each claims different rows), so one slow batch holds up no other. Each
 * looks for due notifications every poll interval, and one starts at once when {@link #wakeUp()} is called.
 */
@Component
final class NotificationSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    static {
        // Jakarta Mail looks its stream provider up with a ServiceLoader scan of the class path for every message it
        // writes, unless this property names it: the scan cost a quarter of the sender's CPU
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

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
            while (isRunning() && sendDueBatch()) {
                // one transaction per batch: a slow mail server holds one batch of rows, not the whole queue
            }
        }
        catch (RuntimeException ex) {
            log.warn("Sending notifications failed, retrying at the next poll: {}", ex.toString());
        }
    }

    /** Sends the notifications that have been due longest, up to a batch, and tells whether there were any. */
    private boolean sendDueBatch() {
        Boolean sentAny = transactions.execute(status -> {
            List<Notification> due = notifications.claimDue(clock.instant(), properties.batchSize());
            if (!due.isEmpty()) {
                send(due);
            }
            return !due.isEmpty();
        });
        return Boolean.TRUE.equals(sentAny);
    }

    private void send(List<Notification> due) {
        SimpleMailMessage[] messages = due.stream().map(this::message).toArray(SimpleMailMessage[]::new);
        Map<Object, Exception> failures = sendAll(messages);
        for (int i = 0; i < messages.length; i++) {
            Notification notification = due.get(i);
            Exception failure = failures.get(messages[i]);
            if (failure == null) {
                notification.recordSent(clock.instant());
                log.debug("Sent {} e-mail {} for order {} (attempt {})", notification.getType(),
                        notification.getId(), notification.getOrderId(), notification.getAttempts());
            }
            else {
                recordFailure(notification, failure);
            }
        }
    }

    /** Sends the messages over one connection and returns those that failed, with why. */
    private Map<Object, Exception> sendAll(SimpleMailMessage[] messages) {
        try {
            mail.send(messages);
            return Map.of();
        }
        catch (MailSendException ex) {
            if (!ex.getFailedMessages().isEmpty()) {
                return ex.getFailedMessages();
            }
            return allFailed(messages, ex);
        }
        catch (RuntimeException ex) {
            return allFailed(messages, ex);
        }
    }

    private static Map<Object, Exception> allFailed(SimpleMailMessage[] messages, Exception failure) {
        Map<Object, Exception> failures = new IdentityHashMap<>();
        for (SimpleMailMessage message : messages) {
            failures.put(message, failure);
        }
        return failures;
    }

    private void recordFailure(Notification notification, Exception ex) {
        notification.recordFailure(ex.getMessage() == null ? ex.toString() : ex.getMessage(), clock.instant(),
                retryPolicy);
        if (notification.getStatus() == NotificationStatus.FAILED) {
            log.error("Giving up on {} e-mail {} for order {} after {} attempts: {}", notification.getType(),
                    notification.getId(), notification.getOrderId(), notification.getAttempts(), ex.toString());
        }
        else {
            log.warn("{} e-mail {} for order {} failed (attempt {}), next attempt at {}: {}", notification.getType(),
                    notification.getId(), notification.getOrderId(), notification.getAttempts(),
                    notification.getNextAttemptAt(), ex.toString());
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
