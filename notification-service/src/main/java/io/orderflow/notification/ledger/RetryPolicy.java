package io.orderflow.notification.ledger;

import java.time.Duration;

/**
 * Decides when a notification whose sending failed is tried again: after an exponentially growing delay, capped, and
 * not at all once {@code maxAttempts} attempts have failed.
 *
 * @param maxAttempts how many attempts a notification gets before it is FAILED
 * @param initialBackoff the delay after the first failed attempt; each further failure doubles it
 * @param maxBackoff the longest delay between two attempts
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "need 0 < initialBackoff <= maxBackoff, was " + initialBackoff + " and " + maxBackoff);
        }
    }

    /** Tells whether a notification that has failed {@code attempts} times gets no further attempt. */
    public boolean isExhausted(int attempts) {
        return attempts >= maxAttempts;
    }

    /** Returns how long to wait after the {@code attempts}-th failed attempt: 1x, 2x, 4x ... the initial back-off. */
    public Duration delayAfter(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 30));
        Duration delay = initialBackoff.multipliedBy(1L << doublings);
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }
}
