package io.orderflow.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.KafkaException;

class OutboxBatchPublisherTests {

    @Test
    void readsEachSendsOutcomeAndTakesOneStillWaitingForTimedOut() {
        RecordTooLargeException tooLarge = new RecordTooLargeException("too large");

        assertThat(OutboxBatchPublisher.failureOf(CompletableFuture.completedFuture("ack"))).isNull();
        assertThat(OutboxBatchPublisher.failureOf(CompletableFuture.failedFuture(tooLarge))).isSameAs(tooLarge);
        assertThat(OutboxBatchPublisher.failureOf(new CompletableFuture<>())).isInstanceOf(TimeoutException.class);
        CompletableFuture<?> cancelled = new CompletableFuture<>();
        cancelled.cancel(true);
        assertThat(OutboxBatchPublisher.failureOf(cancelled)).isNotNull();
    }

    @Test
    void takesABrokerThatIsAwayOrSlowForRetriableAndARowKafkaCannotTakeForNot() {
        assertThat(OutboxBatchPublisher.isRetriable(new TimeoutException("no acknowledgement"))).isTrue();
        assertThat(OutboxBatchPublisher.isRetriable(new KafkaException("send failed",
                new NotEnoughReplicasException("one broker left")))).isTrue();
        assertThat(OutboxBatchPublisher.isRetriable(new RecordTooLargeException("too large"))).isFalse();
        assertThat(OutboxBatchPublisher.isRetriable(new InvalidTopicException("bad name"))).isFalse();
        assertThat(OutboxBatchPublisher.isRetriable(new TopicAuthorizationException("no ACL"))).isFalse();
    }

    @Test
    void keepsTheFirst2000CharactersOfALongError() {
        assertThat(OutboxBatchPublisher.abbreviate("short")).isEqualTo("short");
        assertThat(OutboxBatchPublisher.abbreviate("x".repeat(5000))).hasSize(2003).endsWith("...");
    }
}
