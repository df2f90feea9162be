package io.orderflow.benchmarks;

import java.util.function.Supplier;

/**
 * Takes a {@link CpuSnapshot} at the moment a window opens, on a thread of its own that waits for it, and another when
 * it is closed.
 */
final class CpuWindow {

    private final Supplier<CpuSnapshot> snapshots;
    private final Thread opener;
    private volatile CpuSnapshot start;
    private volatile CpuSnapshot end;

    /** Opens the window at {@code openAtNanos} (on {@link System#nanoTime()}). */
    CpuWindow(long openAtNanos, Supplier<CpuSnapshot> snapshots) {
        this.snapshots = snapshots;
        opener = Thread.ofVirtual().name("cpu-window").start(() -> {
            LoadDriver.parkUntil(openAtNanos);
            start = snapshots.get();
        });
    }

    /** Closes the window now. */
    void close() throws InterruptedException {
        opener.join();
        end = snapshots.get();
    }

    /** Returns what each part used over the window, per order of {@code completedOrders}. */
    CpuUsage usage(long completedOrders) {
        return CpuUsage.between(start, end, completedOrders);
    }
}
