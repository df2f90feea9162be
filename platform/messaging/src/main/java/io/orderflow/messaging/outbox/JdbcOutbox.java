package io.orderflow.messaging.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes outgoing events into the {@code outbox_event} table of the service's own database, all of one call with one
 * statement. Event ids are time-ordered UUIDs (version 7), so that their unique index grows at its right edge.
 */
public final class JdbcOutbox implements Outbox {

    private static final String INSERT = """
            INSERT INTO outbox_event (event_id, topic, event_key, event_type, event_source, occurred_at, payload)
            SELECT id, topic, event_key, event_type, ?, ?, payload
            FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY
                AS e (id, topic, event_key, event_type, payload, position)
            ORDER BY position""";

    private static final TimeBasedEpochGenerator IDS = Generators.timeBasedEpochGenerator();

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final String source;
    private final Clock clock;
    private final OutboxRelay relay;

    public JdbcOutbox(JdbcTemplate jdbc, JsonMapper json, String source, Clock clock, OutboxRelay relay) {
        this.jdbc = jdbc;
        this.json = json;
        this.source = source;
        this.clock = clock;
        this.relay = relay;
    }

    @Override
    public void addAll(List<OutgoingEvent> events) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Outbox.add needs the transaction of the state change it announces");
        }
        if (events.isEmpty()) {
            return;
        }
        int n = events.size();
        UUID[] ids = new UUID[n];
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            OutgoingEvent event = events.get(i);
            ids[i] = IDS.generate();
            topics[i] = event.topic();
            keys[i] = event.subject();
            types[i] = event.type();
            payloads[i] = json.writeValueAsString(event.data());
        }
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update(connection -> {
            var statement = connection.prepareStatement(INSERT);
            statement.setString(1, source);
            statement.setTimestamp(2, now);
            statement.setArray(3, connection.createArrayOf("uuid", ids));
            statement.setArray(4, connection.createArrayOf("text", topics));
            statement.setArray(5, connection.createArrayOf("text", keys));
            statement.setArray(6, connection.createArrayOf("text", types));
            statement.setArray(7, connection.createArrayOf("text", payloads));
            return statement;
        });
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
    }
}
