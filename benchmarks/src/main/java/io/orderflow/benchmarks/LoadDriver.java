package io.orderflow.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.orderflow.benchmarks.OrderGenerator.Kind;
import io.orderflow.benchmarks.OrderGenerator.Line;
import io.orderflow.benchmarks.OrderGenerator.PlannedOrder;
import io.orderflow.benchmarks.Tracker.TrackedOrder;

/**
 * Places orders through POST /api/orders: in the open model on a fixed schedule (each order has an intended send
 * time, and latencies count from it, so a slow system cannot slow the load down and hide its own queueing: no
 * coordinated omission); in the closed model from N clients that each send the next order when the last is answered.
 */
final class LoadDriver {

    /** The body of POST /api/orders. */
    record OrderRequest(String customerId, String customerEmail, List<Line> lines) {
    }

    /** threads that resolve unknown outcomes after the load */
    private static final int RESOLVERS = 16;

    private final Options options;
    private final Http http;
    private final OrderGenerator generator;
    private final Tracker tracker;
    private final Timeline timeline;
    private final String runId;
    private final URI ordersUri;
    final Latency acceptFromIntended = new Latency("HTTP accept, from intended send");
    final Latency acceptFromSent = new Latency("HTTP accept, from actual send");
    final Latency cancelLatency = new Latency("HTTP cancel");
    final LongAdder sent = new LongAdder();
    final LongAdder sentMeasured = new LongAdder();
    final LongAdder acceptedMeasured = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder cancelsOk = new LongAdder();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final AtomicLong maxLateNanos = new AtomicLong();
    /** requests whose outcome the client did not learn (timeout, 5xx), resolved after the load by retrying them */
    final LongAdder resolvedLate = new LongAdder();
    final LongAdder stillUnknown = new LongAdder();
    private final Queue<UnknownPlacement> unknownPlacements = new ConcurrentLinkedQueue<>();
    private final Queue<TrackedOrder> unknownCancels = new ConcurrentLinkedQueue<>();
    private final Semaphore inFlight;

    private record UnknownPlacement(long index, PlannedOrder plan, long intendedNanos, long sentNanos) {
    }

    LoadDriver(Options options, Http http, OrderGenerator generator, Tracker tracker, Timeline timeline,
            String runId) {
        this.options = options;
        this.http = http;
        this.generator = generator;
        this.tracker = tracker;
        this.timeline = timeline;
        this.runId = runId;
        this.ordersUri = options.orderUrl().resolve("/api/orders");
        this.inFlight = new Semaphore(options.maxInFlight());
    }

    /** Offers load from {@code startNanos} until {@code endNanos}; measured from {@code measureFromNanos}. */
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
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; ; i++) {
                long intended = startNanos + (long) (i * intervalNanos);
                if (intended >= endNanos) {
                    break;
                }
                parkUntil(intended);
                // when too many are in flight, this order waits; its latency still counts from its intended time
                inFlight.acquire();
                long late = System.nanoTime() - intended;
                maxLateNanos.accumulateAndGet(late, Math::max);
                long index = i;
                executor.submit(() -> {
                    try {
                        place(index, intended, intended >= measureFromNanos);
                    }
                    finally {
                        inFlight.release();
                    }
                });
            }
        }
    }

    private void runClosed(long startNanos, long measureFromNanos, long endNanos) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        parkUntil(startNanos);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < options.clients(); c++) {
                executor.submit(() -> {
                    long now;
                    while ((now = System.nanoTime()) < endNanos) {
                        place(next.getAndIncrement(), now, now >= measureFromNanos);
                    }
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

    private void place(long index, long intendedNanos, boolean measured) {
        PlannedOrder plan = generator.next(index);
        OrderRequest body = body(plan);
        sent.increment();
        if (measured) {
            sentMeasured.increment();
            timeline.sent(intendedNanos);
        }
        long sentNanos = System.nanoTime();
        UnknownPlacement ifUnanswered = new UnknownPlacement(index, plan, intendedNanos, sentNanos);
        try {
            Http.Response response = http.post(ordersUri, body, runId + "-" + index);
            long acceptedNanos = System.nanoTime();
            if (response.status() != 201) {
                error("HTTP " + response.status(), acceptedNanos, measured);
                if (response.status() >= 500) {
                    unknownPlacements.add(ifUnanswered);
                }
                return;
            }
            String id = orderId(response);
            accepted.increment();
            if (measured) {
                acceptedMeasured.increment();
                acceptFromIntended.recordNanos(acceptedNanos - intendedNanos);
                acceptFromSent.recordNanos(acceptedNanos - sentNanos);
                timeline.accepted(intendedNanos, acceptedNanos);
            }
            TrackedOrder tracked = tracker.accepted(id, plan, intendedNanos, sentNanos, acceptedNanos, measured);
            if (plan.kind() == Kind.CANCEL) {
                cancel(tracked, measured);
            }
        }
        catch (HttpTimeoutException ex) {
            error("timeout", System.nanoTime(), measured);
            unknownPlacements.add(ifUnanswered);
        }
        catch (IOException | RuntimeException ex) {
            error(ex.getClass().getSimpleName(), System.nanoTime(), measured);
            unknownPlacements.add(ifUnanswered);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private OrderRequest body(PlannedOrder plan) {
        return new OrderRequest("bench-" + runId, "bench-" + runId.toLowerCase() + "@example.com", plan.lines());
    }

    /**
     * Learns the outcome of every request that timed out or failed with a 5xx, the way a careful client would: a
     * placement is sent again with its Idempotency-Key (which returns the order the first attempt created, or creates
     * it now), a cancellation is sent again (cancelling twice changes nothing). Without this, orders the server
     * accepted after the client gave up would hold stock that no tracked order accounts for.
     */
    void resolveUnknownOutcomes() {
        try (ExecutorService executor = Executors.newFixedThreadPool(RESOLVERS)) {
            for (int i = 0; i < RESOLVERS; i++) {
                executor.submit(this::resolvePlacements);
            }
        }
        try (ExecutorService executor = Executors.newFixedThreadPool(RESOLVERS)) {
            for (int i = 0; i < RESOLVERS; i++) {
                executor.submit(this::resolveCancels);
            }
        }
    }

    private Void resolvePlacements() throws InterruptedException {
        UnknownPlacement placement;
        while ((placement = unknownPlacements.poll()) != null) {
            Http.Response response = retry(ordersUri, body(placement.plan()), runId + "-" + placement.index());
            if (response == null || response.status() != 201) {
                stillUnknown.increment();
                continue;
            }
            resolvedLate.increment();
            accepted.increment();
            TrackedOrder tracked = tracker.accepted(orderId(response), placement.plan(), placement.intendedNanos(),
                    placement.sentNanos(), System.nanoTime(), false);
            if (placement.plan().kind() == Kind.CANCEL) {
                cancel(tracked, false);
            }
        }
        return null;
    }

    private Void resolveCancels() throws InterruptedException {
        TrackedOrder tracked;
        while ((tracked = unknownCancels.poll()) != null) {
            Http.Response response = retry(cancelUri(tracked), null, null);
            if (response != null && response.status() == 200) {
                resolvedLate.increment();
                cancelsOk.increment();
                tracker.cancelRequested(tracked);
            }
            else {
                if (response == null || response.status() >= 500) {
                    stillUnknown.increment();
                }
                tracker.cancelFailed(tracked);
            }
        }
        return null;
    }

    /** Sends a POST until it gets an answer below 500, at most 10 times; returns the last answer, or null. */
    private Http.Response retry(URI uri, Object body, String idempotencyKey) throws InterruptedException {
        Http.Response last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                last = http.post(uri, body, idempotencyKey);
                if (last.status() < 500) {
                    return last;
                }
            }
            catch (IOException | RuntimeException ex) {
                last = null;
            }
            Thread.sleep(1000);
        }
        return last;
    }

    private void cancel(TrackedOrder tracked, boolean measured) throws InterruptedException {
        long start = System.nanoTime();
        try {
            Http.Response response = http.post(cancelUri(tracked), null, null);
            if (response.status() == 200) {
                cancelsOk.increment();
                if (measured) {
                    cancelLatency.recordNanos(System.nanoTime() - start);
                }
                tracker.cancelRequested(tracked);
                return;
            }
            error("cancel: HTTP " + response.status(), System.nanoTime(), measured);
            if (response.status() >= 500) {
                unknownCancels.add(tracked);
                return;
            }
        }
        catch (IOException | RuntimeException ex) {
            error("cancel: " + ex.getClass().getSimpleName(), System.nanoTime(), measured);
            unknownCancels.add(tracked);
            return;
        }
        tracker.cancelFailed(tracked);
    }

    private URI cancelUri(TrackedOrder tracked) {
        return options.orderUrl().resolve("/api/orders/" + tracked.id() + "/cancel");
    }

    private static String orderId(Http.Response response) {
        if (response.location().isPresent()) {
            String location = response.location().get();
            return location.substring(location.lastIndexOf('/') + 1);
        }
        return response.json().path("id").asString();
    }

    private void error(String kind, long atNanos, boolean measured) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
        if (measured) {
            timeline.error(atNanos);
        }
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<String, Long> errorCounts() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Waits for the requests still in flight (open model). */
    boolean awaitInFlight(long timeoutMillis) throws InterruptedException {
        if (inFlight.tryAcquire(options.maxInFlight(), timeoutMillis, TimeUnit.MILLISECONDS)) {
            inFlight.release(options.maxInFlight());
            return true;
        }
        return false;
    }
}
