package io.orderflow.messaging.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import io.orderflow.boot.BackgroundWorker;

/**
 * Publishes committed outbox rows to Kafka, oldest first, and deletes them in bulk once the broker has acknowledged
 * them.
 *
 * <p>Only one relay per database works at a time: the relay that holds a session-level PostgreSQL advisory lock on its
 * own connection is the leader, and it keeps the lock (and the connection) for as long as that connection works. All
 * its reads and deletes run on that connection, in autocommit mode, so no transaction stays open while it waits for
 * Kafka, and a relay whose connection broke stops publishing at once. Since one relay publishes in id order, and a
 * transaction that announces a later state of an order writes its row after the earlier one committed, every order's
 * events leave in the order they happened, whatever the number of instances.
 *
 * <p>The relay is woken right after a transaction that added events commits. When commits come faster than
 * {@code linger}, it starts a batch at most every {@code linger}, so that the rows of the commits in between go out
 * together: at high rates a batch, a flush and a delete carry many events, and at low rates nothing waits. Otherwise it
 * polls, which picks up rows committed by other instances and rows left over from a crash.
 *
 * <p>Its deletes are not waited for on disk ({@code synchronous_commit = off} on the relay's own session): a crash
 * may bring back rows that Kafka had already acknowledged, which are then sent again, like rows whose delete a crash
 * of the relay interrupted, and consumers absorb them through their inbox.
 *
 * <p>Rows that Kafka acknowledged are deleted even when others of their batch were refused; the refused ones are sent
 * again after a back-off, and consumers absorb the duplicates through their inbox. While the broker is away that goes
 * on for as long as it takes. A row that Kafka refuses while it takes others (or refuses as not retriable: too large,
 * an invalid topic) uses up an attempt; after {@code maxAttempts} it is moved to {@code outbox_parked}, so that it
 * no longer holds up the rows behind it, and waits there for an operator ({@link #retryParked()}). The events of its
 * order that follow it are published meanwhile: a parked event arrives late, if at all.
 */
public final class OutboxRelay extends BackgroundWorker {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final JdbcTemplate jdbc;
    private final OutboxLeadership leadership;
    private final OutboxBatchPublisher publisher;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration linger;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private boolean wakeUpPending;
    private volatile boolean paused;

    public OutboxRelay(DataSource dataSource, KafkaTemplate<String, byte[]> kafka, int batchSize,
            Duration pollInterval, Duration linger, Duration sendTimeout, int maxAttempts) {
        // a batch waiting for a broker that is gone would hold shutdown for the whole send timeout: stopping
        // interrupts it, and its rows stay in the outbox and are sent after the restart
        super("outbox-relay", Stop.INTERRUPT, Duration.ofSeconds(5));
        this.jdbc = new JdbcTemplate(dataSource);
        this.leadership = new OutboxLeadership(dataSource);
        this.publisher = new OutboxBatchPublisher(kafka, batchSize, sendTimeout, maxAttempts);
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.linger = linger;
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

    /** Stops publishing until {@link #resume()}; rows wait in the outbox meanwhile. */
    public void pause() {
        paused = true;
    }

    /** Publishes again after {@link #pause()}. */
    public void resume() {
        paused = false;
        wakeUp();
    }

    /** Tells whether the relay was paused. */
    public boolean isPaused() {
        return paused;
    }

    /**
     * Publishes one batch of rows, if this instance is or becomes the leader.
     *
     * @return how many rows were published
     */
    public int relayBatch() {
        try {
            Connection connection = leadership.lead();
            if (connection == null) {
                return 0;
            }
            return publisher.publish(connection);
        }
        catch (SQLException | RuntimeException ex) {
            leadership.resign();
            throw ex instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("The outbox could not be read or cleared", ex);
        }
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

    /**
     * Moves every parked event back into the outbox, behind the rows waiting there, with its attempts reset.
     *
     * @return how many events were moved
     */
    public int retryParked() {
        return jdbc.update("""
                WITH retried AS (DELETE FROM outbox_parked RETURNING *)
                INSERT INTO outbox_event (event_id, topic, event_key, event_type, event_source, occurred_at, payload)
                SELECT event_id, topic, event_key, event_type, event_source, occurred_at, payload
                FROM retried ORDER BY id""");
    }

    /** Returns how many events were parked because Kafka refused them again and again. */
    public long parkedCount() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM outbox_parked", Long.class);
        return count == null ? 0 : count;
    }

    @Override
    protected void work() {
        Duration backOff = Duration.ZERO;
        while (isRunning()) {
            try {
                if (paused) {
                    awaitWork(pollInterval);
                    continue;
                }
                long batchStarted = System.nanoTime();
                int published = relayBatch();
                backOff = Duration.ZERO;
                if (published < batchSize && awaitWork(pollInterval)) {
                    // woken by a commit: the next batch starts no sooner than linger after this one, so that at high
                    // rates the commits of that moment share it
                    long early = linger.toNanos() - (System.nanoTime() - batchStarted);
                    if (early > 0) {
                        Thread.sleep(Duration.ofNanos(early));
                    }
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            catch (RuntimeException ex) {
                if (!isRunning()) {
                    break;
                }
                backOff = backOff.isZero() ? Duration.ofMillis(200) : min(backOff.multipliedBy(2), Duration.ofSeconds(10));
                log.warn("Outbox relay failed, retrying in {} ms: {}", backOff.toMillis(), ex.toString());
                sleep(backOff);
            }
        }
        leadership.resign();
    }

    /** Waits for a wake-up or the timeout, and tells whether it was woken. */
    private boolean awaitWork(Duration timeout) {
        lock.lock();
        try {
            if (!wakeUpPending) {
                work.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            boolean woken = wakeUpPending;
            wakeUpPending = false;
            return woken;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
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
    public int getPhase() {
        // stop after the listener containers (which may still add events) and before the producer factory
        return SmartLifecycle.DEFAULT_PHASE - 1000;
    }
}
