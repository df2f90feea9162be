package io.orderflow.messaging.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes one batch of outbox rows on the leader's connection: reads the oldest rows, sends them all, flushes the
 * producer once, waits for every acknowledgement, and deletes the acknowledged rows with one statement. A row that
 * Kafka refused while it took others, or refused as not retriable, uses up an attempt; a row that used up its
 * attempts is moved to {@code outbox_parked}.
 */
final class OutboxBatchPublisher {

    private static final Logger log = LoggerFactory.getLogger(OutboxBatchPublisher.class);

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

    private final KafkaTemplate<String, byte[]> kafka;
    private final int batchSize;
    private final Duration sendTimeout;
    private final int maxAttempts;

    OutboxBatchPublisher(KafkaTemplate<String, byte[]> kafka, int batchSize, Duration sendTimeout, int maxAttempts) {
        this.kafka = kafka;
        this.batchSize = batchSize;
        this.sendTimeout = sendTimeout;
        this.maxAttempts = maxAttempts;
    }

    /**
     * Publishes the oldest rows, at most a batch of them.
     *
     * @return how many rows were published
     * @throws IllegalStateException if Kafka did not acknowledge every row; the acknowledged ones are deleted all the
     *     same
     */
    int publish(Connection connection) throws SQLException {
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

    /** Returns why a send failed, or null if Kafka acknowledged it; one still waiting has timed out. */
    static Throwable failureOf(CompletableFuture<?> ack) {
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

    /** Tells whether a send failed for a reason that may pass: the broker away or slow, rather than the row. */
    static boolean isRetriable(Throwable failure) {
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

    static String abbreviate(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
    }

    private record Refusal(OutboxRow row, Throwable failure) {
    }
}
