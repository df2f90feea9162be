package io.orderflow.notification.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class SentButUnrecordedTests {

    private static final Instant SENT_AT = Instant.parse("2026-12-08T00:00:00Z");

    private final SentButUnrecorded unrecorded = new SentButUnrecorded();
    private final List<List<UUID>> recorded = new ArrayList<>();

    @Test
    void recordsARememberedBatchWithItsSendingTimeOnceTheDatabaseAnswers() {
        List<UUID> batch = List.of(UUID.randomUUID(), UUID.randomUUID());
        unrecorded.remember(batch, SENT_AT);
        List<Instant> times = new ArrayList<>();

        unrecorded.recordWith((ids, sentAt) -> {
            recorded.add(ids);
            times.add(sentAt);
        });

        assertThat(recorded).containsExactly(batch);
        assertThat(times).containsExactly(SENT_AT);
        assertThat(unrecorded.size()).isZero();
    }

    @Test
    void keepsEveryBatchForTheNextPollWhileTheDatabaseIsAway() {
        unrecorded.remember(List.of(UUID.randomUUID()), SENT_AT);
        unrecorded.remember(List.of(UUID.randomUUID(), UUID.randomUUID()), SENT_AT.plusSeconds(1));

        assertThatThrownBy(() -> unrecorded.recordWith((ids, sentAt) -> {
            throw new IllegalStateException("database away");
        })).hasMessage("database away");

        assertThat(unrecorded.size()).isEqualTo(3);
        unrecorded.recordWith((ids, sentAt) -> recorded.add(ids));
        assertThat(recorded).extracting(List::size).containsExactly(1, 2);
    }

    @Test
    void recordsNothingTwice() {
        unrecorded.remember(List.of(UUID.randomUUID()), SENT_AT);

        unrecorded.recordWith((ids, sentAt) -> recorded.add(ids));
        unrecorded.recordWith((ids, sentAt) -> recorded.add(ids));

        assertThat(recorded).hasSize(1);
    }
}
