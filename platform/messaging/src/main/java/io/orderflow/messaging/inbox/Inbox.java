package io.orderflow.messaging.inbox;

import java.sql.Array;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Remembers which events a consumer has processed, in the consumer's own database.
 *
 * <p>{@link #firstDeliveries} is called in the transaction that applies the events' effects: the inbox rows and the
 * effects commit together, so a redelivered event is recognised exactly when its effect is already there. Two
 * concurrent deliveries of one event serialize on the primary key; the second sees a conflict once the first commits.
 */
public final class Inbox {

    private static final String INSERT_NEW = """
            INSERT INTO inbox_event (consumer, event_id) SELECT ?, unnest(?)
            ON CONFLICT DO NOTHING RETURNING event_id""";

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
        return firstDeliveries(consumer, Set.of(eventId)).contains(eventId);
    }

    /**
     * Records that {@code consumer} processes these events now, with one statement.
     *
     * @return the ids among them that were not processed before
     */
    public Set<UUID> firstDeliveries(String consumer, Collection<UUID> eventIds) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Inbox.firstDeliveries needs the transaction of the events' effects");
        }
        Set<UUID> first = new HashSet<>();
        if (eventIds.isEmpty()) {
            return first;
        }
        jdbc.query(connection -> {
            var statement = connection.prepareStatement(INSERT_NEW);
            Array ids = connection.createArrayOf("uuid", eventIds.toArray(UUID[]::new));
            statement.setString(1, consumer);
            statement.setArray(2, ids);
            return statement;
        }, rs -> {
            first.add(rs.getObject(1, UUID.class));
        });
        return first;
    }

    /** Forgets processed events older than the given number of days and returns how many. */
    public int purgeOlderThanDays(int days) {
        return jdbc.update("DELETE FROM inbox_event WHERE processed_at < now() - make_interval(days => ?)", days);
    }
}
