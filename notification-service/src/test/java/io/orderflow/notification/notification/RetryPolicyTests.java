package io.orderflow.notification.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RetryPolicyTests {

    private final RetryPolicy policy = new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofMinutes(5));

    @Test
    void doublesTheDelayAfterEachFailedAttempt() {
        assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.delayAfter(7)).isEqualTo(Duration.ofSeconds(64));
    }

    @Test
    void neverWaitsLongerThanTheLongestBackoff() {
        assertThat(policy.delayAfter(10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.delayAfter(1000)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void addsUpTheDelaysBetweenTheFirstAndTheLastAttempt() {
        // 8 attempts, the old default, outlast a mail server outage of 1 + 2 + ... + 64 s only
        assertThat(policy.totalDelay()).isEqualTo(Duration.ofSeconds(127));
        assertThat(new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofMinutes(5)).totalDelay()).isZero();
        // 1 + 2 + ... + 256 s, then 290 delays of 5 min
        assertThat(new RetryPolicy(300, Duration.ofSeconds(1), Duration.ofMinutes(5)).totalDelay())
                .isEqualTo(Duration.ofSeconds(511).plus(Duration.ofMinutes(5).multipliedBy(290)));
        assertThat(new RetryPolicy(5, Duration.ofSeconds(3), Duration.ofSeconds(3)).totalDelay())
                .isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void totalDelayIsTheSumOfEachDelay() {
        RetryPolicy odd = new RetryPolicy(40, Duration.ofMillis(7), Duration.ofMillis(1000));
        Duration sum = Duration.ZERO;
        for (int attempts = 1; attempts < odd.maxAttempts(); attempts++) {
            sum = sum.plus(odd.delayAfter(attempts));
        }
        assertThat(odd.totalDelay()).isEqualTo(sum);
    }

    @Test
    void isExhaustedOnceTheLastAttemptFailed() {
        assertThat(policy.isExhausted(7)).isFalse();
        assertThat(policy.isExhausted(8)).isTrue();
    }
}
