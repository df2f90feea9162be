package io.orderflow.benchmarks;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.orderflow.benchmarks.Tracker.TrackedOrder;

/**
 * Measures place -> e-mail sent on a sample of orders. Nothing on Kafka tells that an e-mail went out, so this asks
 * notification-service (GET /api/notifications?orderId=) at a low rate, only for sampled orders that have become
 * final, and takes the notification's {@code sentAt} minus the order's intended send time (same machine, same clock),
 * so the polling interval does not add to the figure. It keeps its own list of the sampled orders whose e-mail it
 * has not seen yet, so a pass costs what is pending, not the whole sample.
 */
final class EmailSampler implements AutoCloseable {

    private static final long FIRST_POLL_DELAY_NANOS = 300_000_000L;
    private static final long REPOLL_NANOS = 500_000_000L;

    private final SystemApi api;
    private final Tracker tracker;
    private final long minGapNanos;
    final Latency emailLatency = new Latency("place -> e-mail sent (sample)");
    final AtomicLong polls = new AtomicLong();
    final AtomicLong resolved = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    EmailSampler(SystemApi api, Tracker tracker, int pollsPerSecond) {
        this.api = api;
        this.tracker = tracker;
        this.minGapNanos = 1_000_000_000L / pollsPerSecond;
        thread = Thread.ofVirtual().name("email-sampler").unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        List<TrackedOrder> pending = new ArrayList<>();
        long lastPoll = 0;
        while (running) {
            tracker.takeNewlySampled(pending);
            boolean idle = true;
            List<TrackedOrder> stillPending = new ArrayList<>(pending.size());
            for (TrackedOrder t : pending) {
                if (!running) {
                    return;
                }
                if (t.emailDone) {
                    continue;
                }
                stillPending.add(t);
                if (!t.finished()) {
                    continue;
                }
                long now = System.nanoTime();
                if (t.nextEmailPollNanos == 0) {
                    t.nextEmailPollNanos = now + FIRST_POLL_DELAY_NANOS;
                    continue;
                }
                if (now < t.nextEmailPollNanos) {
                    continue;
                }
                idle = false;
                LoadDriver.parkUntil(lastPoll + minGapNanos);
                lastPoll = System.nanoTime();
                poll(t);
                t.nextEmailPollNanos = System.nanoTime() + REPOLL_NANOS;
            }
            pending = stillPending;
            if (idle) {
                try {
                    Thread.sleep(100);
                }
                catch (InterruptedException ex) {
                    return;
                }
            }
        }
    }

    private void poll(TrackedOrder t) {
        String wanted = switch (t.status()) {
            case "CONFIRMED" -> "ORDER_CONFIRMED";
            case "REJECTED" -> "ORDER_REJECTED";
            default -> null;
        };
        if (wanted == null) {
            t.emailDone = true;
            return;
        }
        try {
            polls.incrementAndGet();
            for (SystemApi.NotificationView n : api.notifications(t.id())) {
                if (n.type().equals(wanted) && "SENT".equals(n.status()) && n.sentAt() != null) {
                    Instant sentAt = Instant.parse(n.sentAt());
                    long micros = sentAt.getEpochSecond() * 1_000_000L + sentAt.getNano() / 1000;
                    boolean measured;
                    synchronized (t) {
                        measured = t.measured;
                    }
                    if (measured) {
                        emailLatency.recordMicros(micros - t.intendedEpochMicros());
                    }
                    resolved.incrementAndGet();
                    t.emailDone = true;
                    return;
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            // asked again later
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
    }
}
