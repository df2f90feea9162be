package io.orderflow.metrics;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Reads a value at most once per interval, however often it is asked for: a gauge backed by a database query then
 * costs one query per interval, not one per scrape, whoever scrapes. Between readings it answers the last one; a
 * reading that fails answers NaN, which a gauge reports as no value.
 */
public final class ThrottledReading {

    /** How long a reading is answered before the value is read again, unless told otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    private final DoubleSupplier source;
    private final long intervalNanos;
    private double value;
    private long readAt;
    private boolean read;

    /** Reads {@code source} at most once per {@code interval}. */
    public ThrottledReading(DoubleSupplier source, Duration interval) {
        this.source = source;
        this.intervalNanos = interval.toNanos();
    }

    /** Reads {@code source} at most once per {@link #DEFAULT_INTERVAL}. */
    public static ThrottledReading of(DoubleSupplier source) {
        return new ThrottledReading(source, DEFAULT_INTERVAL);
    }

    /** Returns the last reading, reading the value again first if the last reading is older than the interval. */
    public synchronized double value() {
        long now = System.nanoTime();
        if (!read || now - readAt >= intervalNanos) {
            try {
                value = source.getAsDouble();
            }
            catch (RuntimeException ex) {
                // the database may be away: no value until it is back
                value = Double.NaN;
            }
            readAt = now;
            read = true;
        }
        return value;
    }
}
