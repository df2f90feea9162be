package io.orderflow.notification.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due notifications over SMTP, in the background, so that consuming events never waits for a mail server.
 *
 * <p>A new notification is recorded leased to its instance and handed to this sender after the commit
 * ({@link #sendRecorded}); one that is due again (a retry, or another instance's after its lease ended) is leased by
 * a sender with one statement that moves its next attempt a lease later ({@code orderflow.notifications.lease}),
 * which hides it from every other sender, and commits at once. No row lock
 * is held while the batch goes out over an SMTP connection that stays open for the next batch
 * ({@link SmtpConnections}). The outcomes are recorded afterwards: the sent ones with
 * one statement, a failed one with its error, to wait for its next attempt under the {@link RetryPolicy}. A crash
 * between sending and recording sends the leased e-mails once more when the lease ends, never a lost e-mail. Every
 * sender thread can be in that window with its own batch at the same moment, so one crash of an instance sends at
 * most senders x batch size e-mails twice (2 x 50 = 100 with the defaults), not one batch. A batch whose SENT could
 * not be recorded (the database gone just after the send) is recorded at a later poll, once the database answers
 * ({@link SentButUnrecorded}); only if the instance stops first does it go out again the same way. Apart from these,
 * SMTP itself can double an e-mail: one the server accepted but whose answer was lost counts as failed and is tried
 * again.
 *
 * <p>Several sender threads work at once (each leases different rows), so one slow batch holds up no other. Each
 * looks for due notifications every poll interval, and one starts at once when {@link #wakeUp()} is called.
 */
@Component
final class NotificationSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";
    private static final String CHARSET = "UTF-8";
    /** below the 60 s or more after which mail servers close an idle connection */
    private static final Duration CONNECTION_MAX_IDLE = Duration.ofSeconds(30);

    static {
        // Jakarta Mail looks its stream provider up with a ServiceLoader scan of the class path for every message it
        // writes, unless this property names it: the scan cost a quarter of the sender's CPU
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private final Notifications notifications;
    private final SmtpConnections connections;
    private final InternetAddress from;
    private final TransactionTemplate transactions;
    private final NotificationProperties properties;
    private final RetryPolicy retryPolicy;
    private final Clock clock;
    private final AtomicBoolean wakeUpQueued = new AtomicBoolean();
    private final SentButUnrecorded sentButUnrecorded = new SentButUnrecorded();
    private volatile ScheduledExecutorService executor;

    NotificationSender(Notifications notifications, JavaMailSenderImpl mail,
            TransactionTemplate transactions, NotificationProperties properties, Clock clock) throws AddressException {
        this.notifications = notifications;
        this.connections = new SmtpConnections(mail, CONNECTION_MAX_IDLE);
        this.from = new InternetAddress(properties.from(), true);
        this.transactions = transactions;
        this.properties = properties;
        this.retryPolicy = properties.retryPolicy();
        this.clock = clock;
    }

    /**
     * Sends e-mails that were just recorded and leased to this instance at {@code leasedAt}, in batches, without
     * looking them up. A batch whose lease is half gone before a sender gets to it is left to the poll, which leases
     * it again once the lease has ended, so that no two senders hold it at once.
     */
    void sendRecorded(List<PendingEmail> emails, Instant leasedAt) {
        ScheduledExecutorService running = executor;
        if (running == null) {
            return;
        }
        Instant sendBefore = leasedAt.plus(properties.lease().dividedBy(2));
        for (int from = 0; from < emails.size(); from += properties.batchSize()) {
            List<PendingEmail> batch = emails.subList(from, Math.min(emails.size(), from + properties.batchSize()));
            try {
                running.execute(() -> {
                    if (isRunning() && clock.instant().isBefore(sendBefore)) {
                        send(batch);
                    }
                });
            }
            catch (RejectedExecutionException stopping) {
                return;
            }
        }
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
            sentButUnrecorded.recordWith(notifications::recordSent);
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
        List<PendingEmail> due = notifications.leaseDue(now, now.plus(properties.lease()), properties.batchSize());
        if (!due.isEmpty()) {
            send(due);
        }
        return !due.isEmpty();
    }

    private void send(List<PendingEmail> due) {
        Exception[] failures = sendAll(due);
        List<UUID> sent = new ArrayList<>(due.size());
        for (int i = 0; i < failures.length; i++) {
            if (failures[i] == null) {
                sent.add(due.get(i).id());
            }
            else {
                recordFailure(due.get(i).id(), failures[i]);
            }
        }
        if (!sent.isEmpty()) {
            Instant sentAt = clock.instant();
            try {
                notifications.recordSent(sent, sentAt);
            }
            catch (RuntimeException ex) {
                sentButUnrecorded.remember(sent, sentAt);
                throw ex;
            }
            log.debug("Sent {} e-mails", sent.size());
        }
    }

    /**
     * Sends the e-mails over an open connection and returns, at each one's position, why it failed, or null. After a
     * failure the rest go over a new connection; if none can be made, they fail with that reason.
     */
    private Exception[] sendAll(List<PendingEmail> due) {
        Exception[] failures = new Exception[due.size()];
        SmtpConnections.Connection connection = null;
        try {
            for (int i = 0; i < due.size(); i++) {
                if (connection == null) {
                    try {
                        connection = connections.borrow();
                    }
                    catch (MessagingException | RuntimeException ex) {
                        Arrays.fill(failures, i, failures.length, ex);
                        break;
                    }
                }
                try {
                    connection.send(message(due.get(i)));
                }
                catch (MessagingException | RuntimeException ex) {
                    failures[i] = ex;
                    connections.giveBack(connection);
                    connection = null;
                }
            }
        }
        finally {
            if (connection != null) {
                connections.giveBack(connection);
            }
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

    private MimeMessage message(PendingEmail notification) throws MessagingException {
        MimeMessage message = new SmtpConnections.NotificationMessage(connections.session(), notification.id());
        message.setFrom(from);
        message.setRecipients(Message.RecipientType.TO, notification.recipient());
        message.setSubject(notification.subject(), CHARSET);
        message.setText(notification.body(), CHARSET);
        message.setSentDate(Date.from(clock.instant()));
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
            try {
                sentButUnrecorded.recordWith(notifications::recordSent);
            }
            catch (RuntimeException ex) {
                log.warn("{} e-mails went out but could not be recorded as sent; they go out again when their lease "
                        + "ends: {}", sentButUnrecorded.size(), ex.toString());
            }
        }
        connections.close();
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
