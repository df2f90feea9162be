package io.orderflow.notification.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.orderflow.notification.ledger.RetryPolicy;

/**
 * Settings of the notification sender, under {@code orderflow.notifications}.
 *
 * @param from the sender address of every e-mail
 * @param maxAttempts how many attempts a notification gets before it is FAILED
 * @param initialBackoff the delay after the first failed attempt; it doubles with each further failure
 * @param maxBackoff the longest delay between two attempts
 * @param pollInterval how often the sender looks for due notifications when nobody wakes it
 * @param senders how many threads send at once, each one batch at a time
 * @param batchSize how many due notifications a sender takes at once and sends over one SMTP connection; a crash
 *        between sending and recording sends at most senders x this many e-mails twice
 * @param lease how long a sender's batch stays hidden from other senders; longer than the SMTP timeouts of a batch
 */
@ConfigurationProperties("orderflow.notifications")
public record NotificationProperties(
        @DefaultValue("orders@orderflow.local") String from,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("1s") Duration initialBackoff,
        @DefaultValue("5m") Duration maxBackoff,
        @DefaultValue("250ms") Duration pollInterval,
        @DefaultValue("4") int senders,
        @DefaultValue("10") int batchSize,
        @DefaultValue("2m") Duration lease) {

    /** Returns the retry policy these settings describe. */
    public RetryPolicy retryPolicy() {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff);
    }
}
