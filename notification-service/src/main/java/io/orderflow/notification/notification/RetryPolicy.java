package io.orderflow.notification.notification;

import java.time.Duration;

/**
 * Decides when a notification whose sending failed is tried again: after an exponentially growing delay, capped, and
 * not at all once {@code maxAttempts} attempts have failed.
 *
 * <p>How long a mail server may be away before a notification is given up follows from all three: see
 * {@link #totalDelay()}. With 1 s doubling to 5 min the delays reach the cap after the 10th attempt (1 + 2 + ... + 256
 * s = 8 min 31 s before it), and every further attempt adds 5 min: 8 attempts cover only 2 min 7 s, 300 attempts
 * 24 h 18 min 31 s.
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

    /**
     * Returns the sum of the delays between the first and the last attempt: the shortest time after which a
     * notification whose every attempt fails is FAILED, so the longest outage of the mail server it is sure to
     * survive. The real time is a little longer, by the time the attempts take and how late the sender polls.
     */
    public Duration totalDelay() {
        Duration total = Duration.ZERO;
        for (int attempts = 1; attempts < maxAttempts; attempts++) {
            Duration delay = delayAfter(attempts);
            if (delay.equals(delayAfter(attempts + 1))) {
                // the delay no longer grows: each of the remaining ones is this one
                return total.plus(delay.multipliedBy(maxAttempts - attempts));
            }
            total = total.plus(delay);
        }
        return total;
    }
}
