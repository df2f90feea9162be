package io.orderflow.messaging.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes committed outbox rows to Kafka, oldest first, and deletes them once the broker has acknowledged them.
 *
 * <p>Only one relay per database works at a time: each batch runs in a transaction that first takes a PostgreSQL
 * advisory lock, so several instances of a service never publish one order's events out of order. The relay is woken
 * right after a transaction that added events commits and otherwise polls, which also picks up rows committed by other
 * instances and rows left over from a crash. A batch that Kafka does not acknowledge is rolled back and retried with
 * back-off, forever; records of it that did reach Kafka are sent again, which consumers absorb through their inbox.
 */
public final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final long ADVISORY_LOCK = 0x6f726465_72666c6fL; // "orderflo"

    private static final String SELECT_BATCH = """
            SELECT id, event_id, topic, event_key, event_type, event_source, occurred_at, payload::text AS payload
            FROM outbox_event ORDER BY id LIMIT ?""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, byte[]> kafka;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration sendTimeout;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private boolean wakeUpPending;
    private volatile boolean running;
    private Thread worker;

    public OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, KafkaTemplate<String, byte[]> kafka,
            int batchSize, Duration pollInterval, Duration sendTimeout) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.sendTimeout = sendTimeout;
    }

    /** Makes the relay look for new rows now instead of at its next poll. */
    public void wakeUp() {
        lock.lock();
        try {
            wakeUpPending = true;
            work.signal();
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Publishes one batch of rows, if this instance holds the relay lock.
     *
     * @return how many rows were published
     */
    public int relayBatch() {
        Integer published = transactions.execute(status -> {
            Boolean leader = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, ADVISORY_LOCK);
            if (!Boolean.TRUE.equals(leader)) {
                return 0;
            }
            List<OutboxRow> rows = jdbc.query(SELECT_BATCH, OutboxRow.MAPPER, batchSize);
            if (rows.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
            for (OutboxRow row : rows) {
                acks.add(kafka.send(row.toRecord()));
            }
            awaitAll(acks);
            Long[] ids = rows.stream().map(OutboxRow::id).toArray(Long[]::new);
            jdbc.update(connection -> {
                var statement = connection.prepareStatement("DELETE FROM outbox_event WHERE id = ANY (?)");
                Array array = connection.createArrayOf("bigint", ids);
                statement.setArray(1, array);
                return statement;
            });
            return rows.size();
        });
        return published == null ? 0 : published;
    }

    /** Returns how many events wait in the outbox. */
    public long pendingCount() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM outbox_event", Long.class);
        return count == null ? 0 : count;
    }

    /** Returns the age in seconds of the oldest waiting event, 0 when the outbox is empty. */
    public double oldestAgeSeconds() {
        Double age = jdbc.queryForObject(
                "SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(occurred_at)), 0) FROM outbox_event", Double.class);
        return age == null ? 0 : Math.max(0, age);
    }

    private void awaitAll(List<CompletableFuture<?>> acks) {
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", ex);
        }
        catch (Exception ex) {
            throw new IllegalStateException("Kafka did not acknowledge an outbox batch", ex);
        }
    }

    private void runLoop() {
        Duration backOff = Duration.ZERO;
        while (running) {
            try {
                int published = relayBatch();
                backOff = Duration.ZERO;
                if (published < batchSize) {
                    awaitWork(pollInterval);
                }
            }
            catch (RuntimeException ex) {
                if (!running) {
                    break;
                }
                backOff = backOff.isZero() ? Duration.ofMillis(200) : min(backOff.multipliedBy(2), Duration.ofSeconds(10));
                log.warn("Outbox relay failed, retrying in {} ms: {}", backOff.toMillis(), ex.toString());
                sleep(backOff);
            }
        }
    }

    private void awaitWork(Duration timeout) {
        lock.lock();
        try {
            if (!wakeUpPending) {
                work.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            wakeUpPending = false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            lock.unlock();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().name("outbox-relay").daemon().start(this::runLoop);
    }

    @Override
    public void stop() {
        running = false;
        if (worker != null) {
            // a batch waiting for a broker that is gone would hold shutdown for the whole send timeout; its rows stay
            // in the outbox and are sent after the restart
            worker.interrupt();
            try {
                worker.join(5000);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // stop after the listener containers (which may still add events) and before the producer factory
        return SmartLifecycle.DEFAULT_PHASE - 1000;
    }

    private record OutboxRow(long id, UUID eventId, String topic, String key, String type, String source,
            Instant occurredAt, String payload) {

        static final RowMapper<OutboxRow> MAPPER = (rs, n) -> new OutboxRow(rs.getLong("id"),
                rs.getObject("event_id", UUID.class), rs.getString("topic"), rs.getString("event_key"),
                rs.getString("event_type"), rs.getString("event_source"),
                rs.getTimestamp("occurred_at").toInstant(), rs.getString("payload"));

        ProducerRecord<String, byte[]> toRecord() {
            CloudEvent event = CloudEventBuilder.v1()
                    .withId(eventId.toString())
                    .withType(type)
                    .withSource(java.net.URI.create(source))
                    .withSubject(key)
                    .withTime(occurredAt.atOffset(ZoneOffset.UTC))
                    .withData("application/json", payload.getBytes(StandardCharsets.UTF_8))
                    .build();
            return KafkaMessageFactory.createWriter(topic, null, null, key).writeBinary(event);
        }
    }
}
