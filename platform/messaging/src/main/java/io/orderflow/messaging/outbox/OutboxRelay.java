package io.orderflow.messaging.outbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

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
public final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final long ADVISORY_LOCK = 0x6f726465_72666c6fL; // "orderflo"

    private static final String SELECT_BATCH = """
            SELECT id, event_id, topic, event_key, event_type, event_source, occurred_at, payload
            FROM outbox_event ORDER BY id LIMIT ?""";

    private static final String PARK = """
            WITH parked AS (DELETE FROM outbox_event WHERE attempts >= ? RETURNING *)
            INSERT INTO outbox_parked (id, event_id, topic, event_key, event_type, event_source, occurred_at, payload,
                attempts, last_error)
            SELECT id, event_id, topic, event_key, event_type, event_source, occurred_at, payload, attempts, last_error
            FROM parked
            RETURNING event_id, event_type, event_key, topic, attempts, last_error""";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final KafkaTemplate<String, byte[]> kafka;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration linger;
    private final Duration sendTimeout;
    private final int maxAttempts;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private boolean wakeUpPending;
    private volatile boolean running;
    private volatile boolean paused;
    private Thread worker;
    private Connection leaderConnection;

    public OutboxRelay(DataSource dataSource, KafkaTemplate<String, byte[]> kafka, int batchSize,
            Duration pollInterval, Duration linger, Duration sendTimeout, int maxAttempts) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.kafka = kafka;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.linger = linger;
        this.sendTimeout = sendTimeout;
        this.maxAttempts = maxAttempts;
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
            if (!lead()) {
                return 0;
            }
            return publishBatch(leaderConnection);
        }
        catch (SQLException | RuntimeException ex) {
            resign();
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

    private boolean lead() throws SQLException {
        if (leaderConnection != null) {
            return true;
        }
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                statement.setLong(1, ADVISORY_LOCK);
                try (ResultSet rs = statement.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        try (Statement settings = connection.createStatement()) {
                            settings.execute("SET synchronous_commit = off");
                        }
                        leaderConnection = connection;
                        log.info("This instance now publishes the outbox");
                        return true;
                    }
                }
            }
        }
        catch (SQLException | RuntimeException ex) {
            connection.close();
            throw ex;
        }
        connection.close();
        return false;
    }

    /** Gives up leadership: unlocks and returns the connection, or discards it if it does not answer. */
    private void resign() {
        Connection connection = leaderConnection;
        leaderConnection = null;
        if (connection == null) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)");
                Statement settings = connection.createStatement()) {
            statement.setLong(1, ADVISORY_LOCK);
            statement.execute();
            settings.execute("RESET synchronous_commit");
            connection.close();
        }
        catch (SQLException | RuntimeException ex) {
            // a broken connection must not go back to the pool with the lock: closing its session releases it
            try {
                connection.abort(Runnable::run);
            }
            catch (SQLException | RuntimeException ignored) {
                // the connection is gone either way
            }
        }
    }

    private int publishBatch(Connection connection) throws SQLException {
        List<OutboxRow> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(SELECT_BATCH)) {
            statement.setInt(1, batchSize);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(OutboxRow.of(rs));
                }
            }
        }
        if (rows.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            acks.add(send(row));
        }
        kafka.flush();
        awaitAll(acks);
        List<Long> acknowledged = new ArrayList<>(rows.size());
        List<Refusal> refused = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Throwable failure = failureOf(acks.get(i));
            if (failure == null) {
                acknowledged.add(rows.get(i).id());
            }
            else {
                refused.add(new Refusal(rows.get(i), failure));
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM outbox_event WHERE id = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("bigint", acknowledged.toArray(Long[]::new)));
            statement.executeUpdate();
        }
        if (!refused.isEmpty()) {
            // the broker took other rows of this batch, or said that retrying cannot help: these rows themselves are
            // at fault and use up attempts; when nothing got through, the broker is away and nothing is counted
            boolean brokerAnswers = !acknowledged.isEmpty();
            recordAttempts(connection, refused.stream()
                    .filter(refusal -> brokerAnswers || !isRetriable(refusal.failure())).toList());
            throw new IllegalStateException("Kafka did not acknowledge " + refused.size() + " of " + rows.size()
                    + " outbox events, the first: " + refused.getFirst().failure());
        }
        return rows.size();
    }

    private CompletableFuture<?> send(OutboxRow row) {
        try {
            return kafka.send(row.toRecord());
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
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
        catch (ExecutionException | TimeoutException ex) {
            // each send's own outcome is read next
        }
    }

    private static Throwable failureOf(CompletableFuture<?> ack) {
        if (!ack.isDone()) {
            return new TimeoutException("no acknowledgement within the send timeout");
        }
        if (!ack.isCompletedExceptionally()) {
            return null;
        }
        try {
            ack.join();
            return null;
        }
        catch (CompletionException | CancellationException ex) {
            return ex.getCause() == null ? ex : ex.getCause();
        }
    }

    private static boolean isRetriable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RetriableException || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Counts a failed attempt for each row, and parks the rows that used up their attempts. */
    private void recordAttempts(Connection connection, List<Refusal> refusals) throws SQLException {
        if (refusals.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE outbox_event SET attempts = attempts + 1, last_error = ? WHERE id = ?")) {
            for (Refusal refusal : refusals) {
                statement.setString(1, abbreviate(NestedExceptionUtils.getMostSpecificCause(refusal.failure())
                        .toString()));
                statement.setLong(2, refusal.row().id());
                statement.addBatch();
            }
            statement.executeBatch();
        }
        try (PreparedStatement statement = connection.prepareStatement(PARK)) {
            statement.setInt(1, maxAttempts);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    log.error("Parked outbox event {} ({} for {} on {}) after {} attempts: {}; "
                            + "POST /actuator/messaging/parked/retry sends it again", rs.getObject("event_id"),
                            rs.getString("event_type"), rs.getString("event_key"), rs.getString("topic"),
                            rs.getInt("attempts"), rs.getString("last_error"));
                }
            }
        }
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

    private static String abbreviate(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
    }

    private record Refusal(OutboxRow row, Throwable failure) {
    }

    private void runLoop() {
        Duration backOff = Duration.ZERO;
        while (running) {
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
                if (!running) {
                    break;
                }
                backOff = backOff.isZero() ? Duration.ofMillis(200) : min(backOff.multipliedBy(2), Duration.ofSeconds(10));
                log.warn("Outbox relay failed, retrying in {} ms: {}", backOff.toMillis(), ex.toString());
                sleep(backOff);
            }
        }
        resign();
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

        private static final Map<String, URI> SOURCES = new ConcurrentHashMap<>();

        static OutboxRow of(ResultSet rs) throws SQLException {
            return new OutboxRow(rs.getLong("id"), rs.getObject("event_id", UUID.class), rs.getString("topic"),
                    rs.getString("event_key"), rs.getString("event_type"), rs.getString("event_source"),
                    rs.getTimestamp("occurred_at").toInstant(), rs.getString("payload"));
        }

        ProducerRecord<String, byte[]> toRecord() {
            CloudEvent event = CloudEventBuilder.v1()
                    .withId(eventId.toString())
                    .withType(type)
                    .withSource(SOURCES.computeIfAbsent(source, URI::create))
                    .withSubject(key)
                    .withTime(occurredAt.atOffset(ZoneOffset.UTC))
                    .withData("application/json", payload.getBytes(StandardCharsets.UTF_8))
                    .build();
            return KafkaMessageFactory.createWriter(topic, null, null, key).writeBinary(event);
        }
    }
}
