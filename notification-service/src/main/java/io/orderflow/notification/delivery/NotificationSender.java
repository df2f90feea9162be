package io.orderflow.notification.delivery;

import static io.orderflow.jdbc.SetStatements.array;
import static io.orderflow.jdbc.SetStatements.statement;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
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
 * <p>A sender leases a batch of due notifications with one statement: it moves their next attempt a lease later
 * ({@code orderflow.notifications.lease}), which hides them from every other sender, and commits at once. No row lock
 * is held while the batch goes out over one SMTP connection. The outcomes are recorded afterwards: the sent ones with
 * one statement, a failed one with its error, to wait for its next attempt under the {@link RetryPolicy}. A crash
 * between sending and recording sends the leased e-mails once more when the lease ends, never a lost e-mail. Every
 * sender thread can be in that window with its own batch at the same moment, so one crash of an instance sends at
 * most senders x batch size e-mails twice (4 x 20 = 80 with the defaults), not one batch. A batch whose SENT could
 * not be recorded (the database gone just after the send) is sent again the same way. Apart from these, SMTP itself
 * can double an e-mail: one the server accepted but whose answer was lost counts as failed and is tried again.
 *
 * <p>Several sender threads work at once (each leases different rows), so one slow batch holds up no other. Each
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

    private static final String LEASE_DUE = """
            UPDATE notification n SET next_attempt_at = ?
            FROM (SELECT id FROM notification
                  WHERE status = 'PENDING' AND next_attempt_at <= ?
                  ORDER BY next_attempt_at
                  LIMIT ?
                  FOR UPDATE SKIP LOCKED) due
            WHERE n.id = due.id
            RETURNING n.id, n.recipient, n.subject, n.body""";

    private static final String RECORD_SENT = """
            UPDATE notification SET status = 'SENT', sent_at = ?, attempts = attempts + 1
            WHERE id = ANY (?) AND status = 'PENDING'""";

    private final Notifications notifications;
    private final JdbcTemplate jdbc;
    private final JavaMailSender mail;
    private final TransactionTemplate transactions;
    private final NotificationProperties properties;
    private final RetryPolicy retryPolicy;
    private final Clock clock;
    private final AtomicBoolean wakeUpQueued = new AtomicBoolean();
    private volatile ScheduledExecutorService executor;

    NotificationSender(Notifications notifications, JdbcTemplate jdbc, JavaMailSender mail,
            TransactionTemplate transactions, NotificationProperties properties, Clock clock) {
        this.notifications = notifications;
        this.jdbc = jdbc;
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
        Instant now = clock.instant();
        List<Leased> due = jdbc.query(LEASE_DUE, (rs, n) -> new Leased(rs.getObject("id", UUID.class),
                rs.getString("recipient"), rs.getString("subject"), rs.getString("body")),
                Timestamp.from(now.plus(properties.lease())), Timestamp.from(now), properties.batchSize());
        if (!due.isEmpty()) {
            send(due);
        }
        return !due.isEmpty();
    }

    private void send(List<Leased> due) {
        SimpleMailMessage[] messages = due.stream().map(this::message).toArray(SimpleMailMessage[]::new);
        Map<Object, Exception> failures = sendAll(messages);
        List<UUID> sent = new ArrayList<>(due.size());
        for (int i = 0; i < messages.length; i++) {
            Exception failure = failures.get(messages[i]);
            if (failure == null) {
                sent.add(due.get(i).id());
            }
            else {
                recordFailure(due.get(i).id(), failure);
            }
        }
        if (!sent.isEmpty()) {
            jdbc.update(statement(RECORD_SENT, Timestamp.from(clock.instant()), array("uuid", sent)));
            log.debug("Sent {} e-mails", sent.size());
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

    private void recordFailure(UUID id, Exception ex) {
        transactions.executeWithoutResult(status -> notifications.findByIdForUpdate(id)
                .filter(notification -> notification.getStatus() == NotificationStatus.PENDING)
                .ifPresent(notification -> recordFailure(notification, ex)));
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

    private SimpleMailMessage message(Leased notification) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.from());
        message.setTo(notification.recipient());
        message.setSubject(notification.subject());
        message.setText(notification.body());
        return message;
    }

    /** A notification leased for sending: what its e-mail needs. */
    private record Leased(UUID id, String recipient, String subject, String body) {
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
