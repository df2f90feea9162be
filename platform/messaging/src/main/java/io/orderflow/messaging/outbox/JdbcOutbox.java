package io.orderflow.messaging.outbox;

import static io.orderflow.jdbc.SetStatements.column;
import static io.orderflow.jdbc.SetStatements.statement;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

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
        jdbc.update(statement(INSERT, source, Timestamp.from(clock.instant()),
                column("uuid", events, event -> IDS.generate()),
                column("text", events, OutgoingEvent::topic),
                column("text", events, OutgoingEvent::subject),
                column("text", events, OutgoingEvent::type),
                column("text", events, event -> json.writeValueAsString(event.data()))));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
    }
}
