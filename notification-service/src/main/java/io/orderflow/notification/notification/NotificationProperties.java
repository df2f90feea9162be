package io.orderflow.notification.notification;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the notification sender, under {@code orderflow.notifications}. The defaults here are the ones
 * {@code application.yml} states too (a test holds the two together), so the service behaves the same with or
 * without that file.
 *
 * <p><b>How long an e-mail is retried.</b> The defaults (300 attempts, 1 s doubling to 5 min) give up on an e-mail
 * only after 24 h 18 min of delays between its attempts ({@link RetryPolicy#totalDelay()}): the first nine delays add
 * up to 8 min 31 s, and each of the other 290 is 5 min. A mail server may be away for a day without an e-mail being
 * FAILED; after that an operator retries it. For another give-up time keep the back-offs and choose
 * {@code maxAttempts = 10 + (time - 8 min 31 s) / 5 min}, rounded up.
 *
 * <p><b>Duplicates after a crash.</b> Each of the {@code senders} threads has at most one leased batch on its way
 * at a time, and an e-mail of it that went out but was not yet recorded as SENT is sent again when its lease ends. So
 * a crash of one instance (or a failure to record a batch's outcome) sends at most {@code senders x batchSize}
 * e-mails twice: 2 x 50 = 100 with the defaults, not one batch. Each instance has its own senders; the bound is per
 * crashed instance.
 *
 * @param from the sender address of every e-mail
 * @param maxAttempts how many attempts a notification gets before it is FAILED; the default 300 keeps trying for
 *        about a day (see above)
 * @param initialBackoff the delay after the first failed attempt; it doubles with each further failure
 * @param maxBackoff the longest delay between two attempts
 * @param pollInterval how often the sender looks for due notifications when nobody wakes it: how late a retry may
 *        start after it fell due
 * @param senders how many threads send at once, each one batch at a time
 * @param batchSize how many due notifications a sender takes at once and sends over one SMTP connection; a crash
 *        between sending and recording sends at most senders x this many e-mails twice (100 with the defaults)
 * @param lease how long a sender's batch stays hidden from other senders; longer than the SMTP timeouts of a batch
 */
@ConfigurationProperties("orderflow.notifications")
public record NotificationProperties(
        @DefaultValue("orders@orderflow.local") String from,
        @DefaultValue("300") int maxAttempts,
        @DefaultValue("1s") Duration initialBackoff,
        @DefaultValue("5m") Duration maxBackoff,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("2") int senders,
        @DefaultValue("50") int batchSize,
        @DefaultValue("2m") Duration lease) {

    /** Returns the retry policy these settings describe. */
    public RetryPolicy retryPolicy() {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff);
    }
}
