package io.orderflow.messaging.inbox;

import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Remembers which events a consumer has processed, in the consumer's own database.
 *
 * <p>{@link #firstDelivery} is called in the transaction that applies the event's effect: the inbox row and the effect
 * commit together, so a redelivered event is recognised exactly when its effect is already there. Two concurrent
 * deliveries of one event serialize on the primary key; the second sees a conflict once the first commits.
 */
public final class Inbox {

    private final JdbcTemplate jdbc;

    public Inbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records that {@code consumer} processes event {@code eventId} now.
     *
     * @return true if this is the first delivery, false if the event was processed before
     */
    public boolean firstDelivery(String consumer, UUID eventId) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Inbox.firstDelivery needs the transaction of the event's effect");
        }
        return jdbc.update("INSERT INTO inbox_event (consumer, event_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                consumer, eventId) == 1;
    }

    /** Forgets processed events older than the given number of days and returns how many. */
    public int purgeOlderThanDays(int days) {
        return jdbc.update("DELETE FROM inbox_event WHERE processed_at < now() - make_interval(days => ?)", days);
    }
}
