package io.orderflow.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * Per-second buckets of a run, counted from the start of the measured window: how many orders were due to be sent,
 * accepted, failed and became final in each second, and the latencies of the orders due in each second.
 */
public final class Timeline {

    /** Latencies up to this many microseconds are bucketed (longer ones are clamped). */
    static final long MAX_MICROS = 600_000_000L;

    private final long startNanos;
    private final int seconds;
    private final AtomicLongArray sent;
    private final AtomicLongArray accepted;
    private final AtomicLongArray errors;
    private final AtomicLongArray finals;
    private final AbstractHistogram[] accept;
    private final AbstractHistogram[] toFinal;

    public Timeline(long startNanos, int seconds) {
        this.startNanos = startNanos;
        this.seconds = Math.max(1, seconds);
        sent = new AtomicLongArray(this.seconds);
        accepted = new AtomicLongArray(this.seconds);
        errors = new AtomicLongArray(this.seconds);
        finals = new AtomicLongArray(this.seconds);
        accept = new AbstractHistogram[this.seconds];
        toFinal = new AbstractHistogram[this.seconds];
    }

    /** The bucket of a moment, or -1 before the start; moments past the end fall in the last bucket. */
    public int bucket(long nanos) {
        long offset = nanos - startNanos;
        if (offset < 0) {
            return -1;
        }
        return (int) Math.min(seconds - 1, offset / 1_000_000_000L);
    }

    public void sent(long intendedNanos) {
        add(sent, intendedNanos);
    }

    public void error(long atNanos) {
        add(errors, atNanos);
    }

    public void accepted(long intendedNanos, long acceptedNanos) {
        add(accepted, acceptedNanos);
        record(accept, intendedNanos, acceptedNanos - intendedNanos);
    }

    public void finished(long intendedNanos, long finalNanos, boolean withLatency) {
        add(finals, finalNanos);
        if (withLatency) {
            record(toFinal, intendedNanos, finalNanos - intendedNanos);
        }
    }

    private void add(AtomicLongArray counts, long nanos) {
        int b = bucket(nanos);
        if (b >= 0) {
            counts.incrementAndGet(b);
        }
    }

    private void record(AbstractHistogram[] histograms, long bucketNanos, long latencyNanos) {
        int b = bucket(bucketNanos);
        if (b < 0) {
            return;
        }
        AbstractHistogram h;
        synchronized (histograms) {
            h = histograms[b];
            if (h == null) {
                h = new IntCountsHistogram(1, MAX_MICROS, 2);
                histograms[b] = h;
            }
        }
        synchronized (h) {
            h.recordValue(clampMicros(latencyNanos));
        }
    }

    static long clampMicros(long nanos) {
        return Math.max(1, Math.min(MAX_MICROS, nanos / 1000));
    }

    /** One second of the run. Latencies in milliseconds, -1 where nothing was recorded. */
    public record Second(int second, long sent, long accepted, long errors, long finals, double acceptP50,
            double acceptP99, double finalP50, double finalP99) {
    }

    /** The seconds up to the last one in which anything happened. */
    public List<Second> seconds() {
        List<Second> out = new ArrayList<>();
        int last = -1;
        for (int i = 0; i < seconds; i++) {
            if (sent.get(i) + accepted.get(i) + errors.get(i) + finals.get(i) > 0) {
                last = i;
            }
        }
        for (int i = 0; i <= last; i++) {
            out.add(new Second(i, sent.get(i), accepted.get(i), errors.get(i), finals.get(i),
                    percentile(accept[i], 50), percentile(accept[i], 99), percentile(toFinal[i], 50),
                    percentile(toFinal[i], 99)));
        }
        return out;
    }

    private static double percentile(AbstractHistogram h, double p) {
        if (h == null) {
            return -1;
        }
        synchronized (h) {
            return h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(p) / 1000.0;
        }
    }
}
