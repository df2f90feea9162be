package io.orderflow.localrun;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.orderflow.harness.JsonClient;

/**
 * Places a bounded number of orders at a steady rate, as a storefront would through faults: a placement that fails or
 * gets no answer is sent again with the same Idempotency-Key until it is answered, and every tenth placed order is
 * cancelled, again until the answer comes. What it was told is what the auditor holds the system to.
 *
 * <p>It spreads its requests over the order-service instances in its rotation, as a load balancer would; an instance
 * an orchestrator is about to stop is {@linkplain #withdraw withdrawn} first and {@linkplain #restore restored} once
 * it is healthy again, with a slow start as a load balancer gives a new target: its share of the requests grows from
 * a twentieth to a full share over the ramp, so that its first requests, on code the JIT has not compiled yet, are
 * few. It counts the {@link FailedRequests}.
 */
final class FaultLoad implements AutoCloseable {

    /** As many orders as are placed until {@link #stopPlacing()}. */
    static final int UNTIL_STOPPED = Integer.MAX_VALUE;
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);

    private final JsonClient http;
    private final List<String> orderUrls;
    private final Set<String> withdrawn = ConcurrentHashMap.newKeySet();
    private final Map<String, SlowStart> slowStarts = new ConcurrentHashMap<>();
    private final List<String> skus;
    private final String runId;
    private final Set<String> told = ConcurrentHashMap.newKeySet();
    private final List<String> failures = new ArrayList<>();
    private final AtomicInteger resends = new AtomicInteger();
    private final FailedRequests failedRequests = new FailedRequests();
    private volatile boolean stopPlacing;

    /**
     * @param orderUrls the base URLs of the order-service instances, used in turn
     * @param skus the products to order from; some orders ask for more than is left and are rejected
     * @param runId makes the idempotency keys of this load unique
     */
    FaultLoad(List<String> orderUrls, List<String> skus, String runId, String bearerToken) {
        this.http = new JsonClient(bearerToken);
        this.orderUrls = List.copyOf(orderUrls);
        this.skus = List.copyOf(skus);
        this.runId = runId;
    }

    /**
     * What a load saw.
     *
     * @param placed how many orders it placed
     * @param told the ids of the orders the service answered for
     * @param resends how many requests were sent again after a failure or no answer
     * @param failures requests that got an answer no storefront expects (a 4xx other than 409), or none in time
     * @param failedRequests how many requests failed ({@link FailedRequests}), by kind
     * @param failedRequestSamples the first few failed requests, described
     */
    record Outcome(int placed, Set<String> told, int resends, List<String> failures,
            Map<String, Integer> failedRequests, List<String> failedRequestSamples) {

        /** Returns the outcome of no load at all. */
        static Outcome none() {
            return new Outcome(0, Set.of(), 0, List.of(), Map.of(), List.of());
        }

        int failedRequestCount() {
            return failedRequests.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** Closes the load's HTTP connections; call it once {@link #run} has returned. */
    @Override
    public void close() {
        http.close();
    }

    /** Takes an instance out of the rotation: no request is sent there until it is restored. */
    void withdraw(String orderUrl) {
        withdrawn.add(orderUrl);
    }

    /** Puts an instance back into the rotation, its share growing to a full one over {@code rampUp} (or at once). */
    void restore(String orderUrl, Duration rampUp) {
        if (rampUp.isPositive()) {
            slowStarts.put(orderUrl, new SlowStart(System.nanoTime(), rampUp.toNanos()));
        }
        withdrawn.remove(orderUrl);
    }

    /** Places no more orders; those placed are still seen through to their answers. */
    void stopPlacing() {
        stopPlacing = true;
    }

    /**
     * Places {@code orders} orders (or {@link #UNTIL_STOPPED}) at {@code perSecond}, and returns once every one is
     * answered or given up.
     */
    Outcome run(int orders, double perSecond) throws InterruptedException {
        long started = System.nanoTime();
        List<Future<?>> placements = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < orders && !stopPlacing; i++) {
                long due = started + (long) (i * 1e9 / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
                int number = i;
                placements.add(clients.submit(() -> {
                    place(number);
                    return null;
                }));
            }
            for (Future<?> placement : placements) {
                try {
                    placement.get();
                }
                catch (Exception ex) {
                    synchronized (failures) {
                        failures.add(ex.toString());
                    }
                }
            }
        }
        synchronized (failures) {
            return new Outcome(placements.size(), Set.copyOf(told), resends.get(), List.copyOf(failures),
                    failedRequests.byKind(), failedRequests.samples());
        }
    }

    private void place(int number) throws InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<Map<String, Object>> lines = new ArrayList<>();
        List<String> shuffled = new ArrayList<>(skus);
        java.util.Collections.shuffle(shuffled, random);
        for (String sku : shuffled.subList(0, 1 + random.nextInt(Math.min(2, shuffled.size())))) {
            lines.add(Map.of("sku", sku, "quantity", 1 + random.nextInt(3)));
        }
        Map<String, Object> order = Map.of("customerId", "fault-" + (number % 50),
                "customerEmail", "fault-" + number + "@example.com", "lines", lines);
        String key = runId + "-" + number;
        JsonClient.Answer answer = untilAnswered("place " + key, url -> http.post(url + "/api/orders", order,
                Map.of("Idempotency-Key", key)));
        if (answer == null) {
            return;
        }
        if (answer.status() != 201 && answer.status() != 200) {
            fail("place " + key + " answered " + answer.status() + " " + answer.body());
            return;
        }
        String id = answer.body().path("id").asString();
        told.add(id);
        if (number % 10 == 9) {
            JsonClient.Answer cancel = untilAnswered("cancel " + id, url -> http.post(url + "/api/orders/" + id
                    + "/cancel"));
            if (cancel != null && cancel.status() != 200 && cancel.status() != 409) {
                fail("cancel " + id + " answered " + cancel.status() + " " + cancel.body());
            }
        }
    }

    private interface Request {
        JsonClient.Answer send(String baseUrl) throws Exception;
    }

    /** Sends until an answer that is not 5xx or 429 comes, and returns it, or null after {@link #GIVE_UP_AFTER}. */
    private JsonClient.Answer untilAnswered(String what, Request request) throws InterruptedException {
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            String url = pick(what.hashCode() + attempt);
            try {
                JsonClient.Answer answer = request.send(url);
                if (answer.status() < 500 && answer.status() != 429) {
                    return answer;
                }
                failedRequests.answered(what + " at " + url, answer.status(), answer.retryAfter());
            }
            catch (InterruptedException ex) {
                throw ex;
            }
            catch (Exception noAnswer) {
                // connection refused, reset or timed out: the service may be restarting
                failedRequests.noAnswer(what + " at " + url, noAnswer);
            }
            resends.incrementAndGet();
            Thread.sleep(Duration.ofMillis(Math.min(2000, 250L << Math.min(attempt, 3))));
        }
        fail(what + " got no answer within " + GIVE_UP_AFTER.toMinutes() + " min");
        return null;
    }

    /**
     * Returns an instance of the rotation, or of all when every one is withdrawn; an instance in its slow start keeps
     * only its share of the requests that fall to it, the rest go to an instance with a full share.
     */
    private String pick(int spread) {
        List<String> rotation = orderUrls.stream().filter(url -> !withdrawn.contains(url)).toList();
        List<String> candidates = rotation.isEmpty() ? orderUrls : rotation;
        String picked = candidates.get(Math.floorMod(spread, candidates.size()));
        long now = System.nanoTime();
        if (ThreadLocalRandom.current().nextDouble() < share(picked, now)) {
            return picked;
        }
        List<String> warm = candidates.stream().filter(url -> share(url, now) >= 1).toList();
        return warm.isEmpty() ? picked : warm.get(Math.floorMod(spread, warm.size()));
    }

    private double share(String orderUrl, long nowNanos) {
        SlowStart slowStart = slowStarts.get(orderUrl);
        return slowStart == null ? 1 : slowStart.share(nowNanos);
    }

    /** The ramp of an instance put back into the rotation: its share grows from {@link #FIRST_SHARE} to 1. */
    private record SlowStart(long restoredNanos, long rampUpNanos) {

        private static final double FIRST_SHARE = 0.05;

        double share(long nowNanos) {
            return Math.max(FIRST_SHARE, Math.min(1, (nowNanos - restoredNanos) / (double) rampUpNanos));
        }
    }

    private void fail(String failure) {
        synchronized (failures) {
            failures.add(failure);
        }
    }
}
