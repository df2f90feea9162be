package io.orderflow.benchmarks;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** A latency distribution in microseconds, safe to record into from many threads. */
public final class Latency {

    private final String name;
    private final Histogram histogram = new ConcurrentHistogram(1, Timeline.MAX_MICROS, 3);

    public Latency(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void recordNanos(long nanos) {
        histogram.recordValue(Timeline.clampMicros(nanos));
    }

    public void recordMicros(long micros) {
        histogram.recordValue(Math.max(1, Math.min(Timeline.MAX_MICROS, micros)));
    }

    /** The summary in milliseconds. */
    public Summary summary() {
        Histogram copy = histogram.copy();
        long n = copy.getTotalCount();
        if (n == 0) {
            return new Summary(name, 0, -1, -1, -1, -1, -1, -1);
        }
        return new Summary(name, n, ms(copy.getValueAtPercentile(50)), ms(copy.getValueAtPercentile(95)),
                ms(copy.getValueAtPercentile(99)), ms(copy.getValueAtPercentile(99.9)), ms(copy.getMaxValue()),
                Math.round(copy.getMean()) / 1000.0);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    /** Percentiles in milliseconds; -1 when nothing was recorded. */
    public record Summary(String name, long count, double p50, double p95, double p99, double p999, double max,
            double mean) {
    }
}
