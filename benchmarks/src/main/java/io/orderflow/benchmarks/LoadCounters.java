package io.orderflow.benchmarks;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the load's requests got: the answers per status, the refusals (429 or 503 with Retry-After: answers
 * that say "not now", not errors), the errors (connection errors, resets and timeouts apart from unexpected answers),
 * how late requests left, and the latencies of the accepted ones. Safe to count into from many threads.
 */
final class LoadCounters {

    /** A request that left this much after its intended time counts as late. */
    static final long LATE_NANOS = 10_000_000L;

    final Latency acceptFromIntended = new Latency("HTTP accept, from intended send");
    final Latency acceptFromSent = new Latency("HTTP accept, from actual send");
    final Latency cancelLatency = new Latency("HTTP cancel");
    final LongAdder sent = new LongAdder();
    final LongAdder sentMeasured = new LongAdder();
    final LongAdder acceptedMeasured = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder cancelsOk = new LongAdder();
    final LongAdder refused = new LongAdder();
    /** requests whose outcome the client did not learn (timeout, 5xx), resolved after the load by sending them again */
    final LongAdder resolvedLate = new LongAdder();
    final LongAdder stillUnknown = new LongAdder();
    /** requests that left more than {@link #LATE_NANOS} after their intended time (the schedule, or no connection) */
    final LongAdder lateSends = new LongAdder();
    /** how far the scheduler fell behind its schedule, at most */
    final AtomicLong maxSchedulerLagNanos = new AtomicLong();
    /** how long after its intended time a request left on a connection, at most */
    final AtomicLong maxSendLagNanos = new AtomicLong();
    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> unexpected = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> connectionErrors = new ConcurrentHashMap<>();

    /** Tells whether an answer refuses for now and tells when to ask again. */
    static boolean isRefusal(int status, boolean retryAfter) {
        return (status == 429 || status == 503) && retryAfter;
    }

    /** Counts an answer; {@code what} is "" for a placement, else for instance "cancel ". */
    void answer(String what, int status) {
        count(answers, what + status);
    }

    /** Counts an answer that is neither the expected one nor a refusal. */
    void unexpected(String kind) {
        count(unexpected, kind);
    }

    /** Counts a request without an answer. */
    void connectionError(String kind) {
        count(connectionErrors, kind);
    }

    /** Counts when a request left on a connection, {@code lagNanos} after its intended time. */
    void left(long lagNanos) {
        maxSendLagNanos.accumulateAndGet(lagNanos, Math::max);
        if (lagNanos > LATE_NANOS) {
            lateSends.increment();
        }
    }

    /** Returns how many requests failed: connection errors, timeouts and unexpected answers (not refusals). */
    long errorCount() {
        return sum(unexpected) + sum(connectionErrors);
    }

    /** Returns the errors by kind. */
    Map<String, Long> errorCounts() {
        Map<String, Long> out = counts(unexpected);
        out.putAll(counts(connectionErrors));
        return out;
    }

    Map<String, Long> connectionErrorCounts() {
        return counts(connectionErrors);
    }

    Map<String, Long> answerCounts() {
        return counts(answers);
    }

    /**
     * Names the kind of a failed request: a refused or timed-out connect, a reset or closed connection, no answer in
     * time, or the exception's class.
     */
    static String kind(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        if (t instanceof ConnectException) {
            return "connect refused";
        }
        if (t instanceof SocketTimeoutException || message.contains("connect timeout")) {
            return "connect timeout";
        }
        if (t instanceof TimeoutException || t instanceof HttpTimeoutException) {
            return "timeout";
        }
        if (t instanceof RejectedExecutionException) {
            return "client queue full";
        }
        if (message.contains("reset")) {
            return "connection reset";
        }
        if (t instanceof EOFException || t instanceof ClosedChannelException || message.contains("closed")
                || message.contains("broken pipe")) {
            return "connection closed";
        }
        return t.getClass().getSimpleName();
    }

    private static void count(Map<String, LongAdder> counts, String key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private static long sum(Map<String, LongAdder> counts) {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    private static Map<String, Long> counts(Map<String, LongAdder> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
