package io.orderflow.messaging.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.orderflow.messaging.MessagingDatabase;

class InboxTests {

    @RegisterExtension
    final MessagingDatabase database = new MessagingDatabase();

    private final Inbox inbox = new Inbox(database.jdbc());

    @Test
    void returnsOnlyTheEventsAConsumerHasNotProcessedBefore() {
        UUID seen = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        firstDeliveries("inventory", seen);

        Set<UUID> first = firstDeliveries("inventory", seen, fresh);

        assertThat(first).containsExactly(fresh);
        assertThat(firstDelivery("inventory", seen)).isFalse();
    }

    @Test
    void remembersEachConsumersEventsApart() {
        UUID event = UUID.randomUUID();

        assertThat(firstDelivery("inventory", event)).isTrue();
        assertThat(firstDelivery("notifications", event)).isTrue();
        assertThat(firstDelivery("inventory", event)).isFalse();
    }

    @Test
    void forgetsWhatItRecordedWhenTheTransactionOfTheEffectsRollsBack() {
        UUID event = UUID.randomUUID();

        database.transactions().executeWithoutResult(status -> {
            inbox.firstDelivery("inventory", event);
            status.setRollbackOnly();
        });

        assertThat(firstDelivery("inventory", event)).isTrue();
    }

    @Test
    void refusesToRecordOutsideTheTransactionOfTheEffects() {
        assertThatThrownBy(() -> inbox.firstDeliveries("inventory", List.of(UUID.randomUUID())))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void purgesOnlyEventsOlderThanTheRetention() {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        firstDeliveries("inventory", old, recent);
        database.jdbc().update("UPDATE inbox_event SET processed_at = now() - interval '8 days' WHERE event_id = ?",
                old);

        assertThat(inbox.purgeOlderThanDays(7)).isEqualTo(1);
        assertThat(database.jdbc().queryForList("SELECT event_id FROM inbox_event", UUID.class))
                .containsExactly(recent);
    }

    private Set<UUID> firstDeliveries(String consumer, UUID... events) {
        return database.transactions().execute(status -> inbox.firstDeliveries(consumer, List.of(events)));
    }

    private boolean firstDelivery(String consumer, UUID event) {
        Boolean first = database.transactions().execute(status -> inbox.firstDelivery(consumer, event));
        return Boolean.TRUE.equals(first);
    }
}
