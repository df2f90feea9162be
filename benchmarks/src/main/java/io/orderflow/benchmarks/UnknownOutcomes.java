package io.orderflow.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.orderflow.benchmarks.OrderGenerator.Kind;
import io.orderflow.benchmarks.OrderGenerator.PlannedOrder;
import io.orderflow.benchmarks.Tracker.TrackedOrder;

/**
 * Learns, after the load, the outcome of every request whose answer the load did not get (no connection, a reset, a
 * timeout, a 5xx) the way a careful client would: a placement is sent again with its Idempotency-Key (which returns
 * the order the first attempt created, or creates it now), a cancellation is sent again (cancelling twice changes
 * nothing). Without this, orders the server accepted after the client gave up would hold stock that no tracked order
 * accounts for.
 */
final class UnknownOutcomes {

    /** threads that send the requests again after the load */
    private static final int RESOLVERS = 16;
    private static final int ATTEMPTS = 10;
    private static final byte[] NO_BODY = new byte[0];

    private record Placement(long index, PlannedOrder plan, byte[] body, long intendedNanos, long sentNanos) {
    }

    private final LoadDriver driver;
    private final Http http;
    private final Queue<Placement> placements = new ConcurrentLinkedQueue<>();
    private final Queue<TrackedOrder> cancels = new ConcurrentLinkedQueue<>();

    UnknownOutcomes(LoadDriver driver, Http http) {
        this.driver = driver;
        this.http = http;
    }

    /** Remembers a placement without an answer; {@code body} is the one sent, sent again as it is. */
    void placement(long index, PlannedOrder plan, byte[] body, long intendedNanos, long sentNanos) {
        placements.add(new Placement(index, plan, body, intendedNanos, sentNanos));
    }

    /** Remembers a cancellation without an answer. */
    void cancel(TrackedOrder tracked) {
        cancels.add(tracked);
    }

    /** Sends every remembered request again until it is answered; placements first, since they may add cancels. */
    void resolve() {
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
        LoadCounters counters = driver.counters;
        Placement placement;
        while ((placement = placements.poll()) != null) {
            Http.Response response = retry(driver.ordersUri(), placement.body(),
                    driver.idempotencyKey(placement.index()));
            if (response == null || response.status() != 201) {
                counters.stillUnknown.increment();
                continue;
            }
            counters.resolvedLate.increment();
            counters.accepted.increment();
            TrackedOrder tracked = driver.tracker.accepted(orderId(response), placement.plan(),
                    placement.intendedNanos(), placement.sentNanos(), System.nanoTime(), false);
            if (placement.plan().kind() == Kind.CANCEL) {
                cancelOnce(tracked);
            }
        }
        return null;
    }

    /** Sends the cancel of an order accepted late once; one without an answer is sent again later. */
    private void cancelOnce(TrackedOrder tracked) throws InterruptedException {
        try {
            Http.Response response = http.post(driver.cancelUri(tracked.id()), NO_BODY, null);
            driver.counters.answer("cancel ", response.status());
            if (response.status() == 200) {
                driver.counters.cancelsOk.increment();
                driver.tracker.cancelRequested(tracked);
                return;
            }
            driver.notAccepted("cancel: ", response.status(), response.retryAfter(), System.nanoTime(), false);
            if (response.status() >= 500) {
                cancels.add(tracked);
                return;
            }
        }
        catch (IOException | RuntimeException ex) {
            driver.connectionError("cancel: ", ex, System.nanoTime(), false);
            cancels.add(tracked);
            return;
        }
        driver.tracker.cancelFailed(tracked);
    }

    private Void resolveCancels() throws InterruptedException {
        TrackedOrder tracked;
        while ((tracked = cancels.poll()) != null) {
            Http.Response response = retry(driver.cancelUri(tracked.id()), NO_BODY, null);
            if (response != null && response.status() == 200) {
                driver.counters.resolvedLate.increment();
                driver.counters.cancelsOk.increment();
                driver.tracker.cancelRequested(tracked);
            }
            else {
                if (response == null || response.status() >= 500) {
                    driver.counters.stillUnknown.increment();
                }
                driver.tracker.cancelFailed(tracked);
            }
        }
        return null;
    }

    /** Sends a POST until it gets an answer below 500, at most {@value #ATTEMPTS} times; returns the last, or null. */
    private Http.Response retry(URI uri, byte[] body, String idempotencyKey) throws InterruptedException {
        Http.Response last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
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

    private static String orderId(Http.Response response) {
        if (response.location().isPresent()) {
            String location = response.location().get();
            return location.substring(location.lastIndexOf('/') + 1);
        }
        return response.json().path("id").asString();
    }
}
