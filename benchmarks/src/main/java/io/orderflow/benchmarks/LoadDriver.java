package io.orderflow.benchmarks;

import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.eclipse.jetty.client.Destination;

import io.orderflow.benchmarks.OrderGenerator.PlannedOrder;
import io.orderflow.benchmarks.Tracker.TrackedOrder;

/**
 * Places orders through POST /api/orders: in the open model on a fixed schedule (each order has an intended send
 * time, and latencies count from it, so a slow system cannot slow the load down and hide its own queueing: no
 * coordinated omission; a request that waits for a free connection is late by as much); in the closed model from N
 * clients that each send the next order when the last is answered. One thread keeps the schedule; the requests go
 * out asynchronously over the HTTP client's fixed pool of persistent connections, and their answers are handled in
 * its callbacks ({@link PlacementExchange}).
 */
final class LoadDriver {

    private static final byte[] NO_BODY = new byte[0];
    private static final long IN_FLIGHT_WAIT_MINUTES = 3;

    private final Options options;
    private final Http http;
    private final OrderGenerator generator;
    private final OrderBodies bodies;
    final Tracker tracker;
    final Timeline timeline;
    final LoadCounters counters = new LoadCounters();
    final UnknownOutcomes unknown;
    private final String keyPrefix;
    private final URI ordersUri;
    private final Destination orderService;
    private final String ordersPrefix;
    private final Semaphore inFlight;
    private final Runnable release;

    LoadDriver(Options options, Http http, OrderGenerator generator, OrderBodies bodies, Tracker tracker,
            Timeline timeline, String runId) {
        this.options = options;
        this.http = http;
        this.generator = generator;
        this.bodies = bodies;
        this.tracker = tracker;
        this.timeline = timeline;
        this.keyPrefix = runId + "-";
        this.ordersUri = options.orderUrl().resolve("/api/orders");
        this.ordersPrefix = ordersUri + "/";
        this.orderService = http.destination(ordersUri);
        this.inFlight = new Semaphore(options.maxInFlight());
        this.release = inFlight::release;
        this.unknown = new UnknownOutcomes(this, http);
    }

    /**
     * Offers load from {@code startNanos} until {@code endNanos}, measured from {@code measureFromNanos}; returns when
     * every request sent has been answered or has failed.
     */
    void run(long startNanos, long measureFromNanos, long endNanos) throws InterruptedException {
        if (options.mode() == Options.Mode.OPEN) {
            runOpen(startNanos, measureFromNanos, endNanos);
        }
        else {
            runClosed(startNanos, measureFromNanos, endNanos);
        }
    }

    private void runOpen(long startNanos, long measureFromNanos, long endNanos) throws InterruptedException {
        double intervalNanos = 1e9 / options.rate();
        for (long i = 0; ; i++) {
            long intended = startNanos + (long) (i * intervalNanos);
            if (intended >= endNanos) {
                break;
            }
            parkUntil(intended);
            // when too many are in flight, this order waits; its latency still counts from its intended time
            inFlight.acquire();
            counters.maxSchedulerLagNanos.accumulateAndGet(System.nanoTime() - intended, Math::max);
            place(i, intended, intended >= measureFromNanos, release);
        }
        // every request ends, answered or failed, within the HTTP client's timeout (twice for a cancel)
        if (inFlight.tryAcquire(options.maxInFlight(), IN_FLIGHT_WAIT_MINUTES, TimeUnit.MINUTES)) {
            inFlight.release(options.maxInFlight());
        }
    }

    private void runClosed(long startNanos, long measureFromNanos, long endNanos) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        parkUntil(startNanos);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < options.clients(); c++) {
                executor.submit(() -> {
                    Semaphore answered = new Semaphore(0);
                    long now;
                    while ((now = System.nanoTime()) < endNanos) {
                        place(next.getAndIncrement(), now, now >= measureFromNanos, answered::release);
                        answered.acquire();
                    }
                    return null;
                });
            }
        }
    }

    static void parkUntil(long nanos) {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** Sends the order with this index; {@code done} runs when it needs nothing more from the load. */
    private void place(long index, long intendedNanos, boolean measured, Runnable done) {
        PlannedOrder plan = generator.next(index);
        byte[] body = bodies.body(plan.lines());
        counters.sent.increment();
        if (measured) {
            counters.sentMeasured.increment();
            timeline.sent(intendedNanos);
        }
        PlacementExchange exchange = new PlacementExchange(this, index, plan, body, intendedNanos, measured, done);
        orderService.send(http.newPost(ordersUri, body, idempotencyKey(index)).onRequestBegin(exchange), exchange);
    }

    /** Sends the cancel of an accepted order; {@code done} runs when it is answered or has failed. */
    void cancel(TrackedOrder tracked, boolean measured, Runnable done) {
        orderService.send(http.newPost(cancelUri(tracked.id()), NO_BODY, null),
                new PlacementExchange.Cancel(this, tracked, measured, done));
    }

    /** Counts an answer other than the one hoped for: a refusal, or an error. */
    void notAccepted(String what, int status, boolean retryAfter, long atNanos, boolean measured) {
        if (LoadCounters.isRefusal(status, retryAfter)) {
            counters.refused.increment();
        }
        else {
            counters.unexpected(what + "HTTP " + status);
        }
        if (measured) {
            timeline.error(atNanos);
        }
    }

    /** Counts a request that got no answer. */
    void connectionError(String what, Throwable failure, long atNanos, boolean measured) {
        counters.connectionError(what + LoadCounters.kind(failure));
        if (measured) {
            timeline.error(atNanos);
        }
    }

    /** Learns the outcome of every request the load got no answer to (see {@link UnknownOutcomes}). */
    void resolveUnknownOutcomes() {
        unknown.resolve();
    }

    URI ordersUri() {
        return ordersUri;
    }

    String idempotencyKey(long index) {
        return keyPrefix + index;
    }

    URI cancelUri(String orderId) {
        return URI.create(ordersPrefix + orderId + "/cancel");
    }
}
