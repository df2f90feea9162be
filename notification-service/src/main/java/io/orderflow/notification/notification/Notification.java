package io.orderflow.notification.notification;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One message to one customer about one event of one order, and the story of sending it.
 *
 * <p>A notification is recorded PENDING with its rendered text when the event arrives, and moves to SENT or, after its
 * last failed attempt, FAILED. An operator can put a FAILED notification back in the queue; a SENT one never goes back.
 */
@Entity
@Table(name = "notification")
public class Notification {

    private static final int MAX_ERROR_LENGTH = 2000;

    @Id
    private UUID id;

    @Column(name = "order_id", nullable = false, updatable = false)
    private UUID orderId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private NotificationType type;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private Channel channel;

    @Column(nullable = false, updatable = false)
    private String recipient;

    @Column(nullable = false, updatable = false)
    private String subject;

    @Column(nullable = false, updatable = false, columnDefinition = "text")
    private String body;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private NotificationStatus status;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    private Instant nextAttemptAt;

    @Column(name = "last_error", columnDefinition = "text")
    private String lastError;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "sent_at")
    private Instant sentAt;

    protected Notification() {
        // for JPA
    }

    private Notification(UUID orderId, NotificationType type, Channel channel, String recipient, EmailContent content,
            Instant now) {
        this.id = UUID.randomUUID();
        this.orderId = Objects.requireNonNull(orderId, "orderId");
        this.type = Objects.requireNonNull(type, "type");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.recipient = Objects.requireNonNull(recipient, "recipient");
        this.subject = content.subject();
        this.body = content.body();
        this.status = NotificationStatus.PENDING;
        this.attempts = 0;
        this.nextAttemptAt = now;
        this.createdAt = now;
    }

    /** Creates an e-mail notification that is due at once. */
    public static Notification email(UUID orderId, NotificationType type, String recipient, EmailContent content,
            Instant now) {
        return new Notification(orderId, type, Channel.EMAIL, recipient, content, now);
    }

    /** Records that an attempt delivered the message. */
    public void recordSent(Instant now) {
        requireStatus(NotificationStatus.PENDING);
        attempts++;
        status = NotificationStatus.SENT;
        sentAt = now;
    }

    /** Records a failed attempt: the notification waits for its next attempt, or is FAILED if that was its last. */
    public void recordFailure(String error, Instant now, RetryPolicy policy) {
        requireStatus(NotificationStatus.PENDING);
        attempts++;
        lastError = error == null || error.length() <= MAX_ERROR_LENGTH ? error
                : error.substring(0, MAX_ERROR_LENGTH) + "...";
        if (policy.isExhausted(attempts)) {
            status = NotificationStatus.FAILED;
        }
        else {
            nextAttemptAt = now.plus(policy.delayAfter(attempts));
        }
    }

    /**
     * Puts the notification back in the queue, due now, keeping its attempt count: a notification that has used up
     * its attempts gets exactly one more.
     *
     * @throws NotificationAlreadySent if the message has been delivered
     */
    public void requeue(Instant now) {
        if (status == NotificationStatus.SENT) {
            throw new NotificationAlreadySent(id);
        }
        status = NotificationStatus.PENDING;
        nextAttemptAt = now;
    }

    private void requireStatus(NotificationStatus expected) {
        if (status != expected) {
            throw new IllegalStateException("Notification " + id + " is " + status + ", not " + expected);
        }
    }

    public UUID getId() {
        return id;
    }

    public UUID getOrderId() {
        return orderId;
    }

    public NotificationType getType() {
        return type;
    }

    public Channel getChannel() {
        return channel;
    }

    public String getRecipient() {
        return recipient;
    }

    public String getSubject() {
        return subject;
    }

    public String getBody() {
        return body;
    }

    public NotificationStatus getStatus() {
        return status;
    }

    public int getAttempts() {
        return attempts;
    }

    public Instant getNextAttemptAt() {
        return nextAttemptAt;
    }

    public String getLastError() {
        return lastError;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getSentAt() {
        return sentAt;
    }
}
