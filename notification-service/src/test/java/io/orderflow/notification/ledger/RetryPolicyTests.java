package io.orderflow.notification.ledger;

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
    void isExhaustedOnceTheLastAttemptFailed() {
        assertThat(policy.isExhausted(7)).isFalse();
        assertThat(policy.isExhausted(8)).isTrue();
    }
}
