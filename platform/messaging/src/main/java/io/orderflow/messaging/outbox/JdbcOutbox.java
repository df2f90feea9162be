package io.orderflow.messaging.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/** Writes outgoing events into the {@code outbox_event} table of the service's own database. */
public final class JdbcOutbox implements Outbox {

    private static final String INSERT = """
            INSERT INTO outbox_event (event_id, topic, event_key, event_type, event_source, occurred_at, payload)
            VALUES (?, ?, ?, ?, ?, ?, ?::json)""";

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
    public void add(OutgoingEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Outbox.add needs the transaction of the state change it announces");
        }
        jdbc.update(INSERT, UUID.randomUUID(), event.topic(), event.subject(), event.type(), source,
                Timestamp.from(clock.instant()), json.writeValueAsString(event.data()));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wakeUp();
            }
        });
    }
}
