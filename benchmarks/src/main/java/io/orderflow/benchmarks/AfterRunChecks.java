package io.orderflow.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.orderflow.benchmarks.Benchmark.Check;
import io.orderflow.benchmarks.OrderGenerator.Kind;
import io.orderflow.benchmarks.OrderGenerator.Line;
import io.orderflow.benchmarks.Tracker.TrackedOrder;
import io.orderflow.harness.Invariants;
import io.orderflow.harness.Invariants.FinalOrder;
import io.orderflow.harness.Invariants.NotificationCheck;
import io.orderflow.harness.Invariants.ProductState;
import io.orderflow.harness.Invariants.Verdict;

/**
 * Checks the invariants after a run: what the load learnt, the system settled (outboxes drained, consumer lag 0), and
 * the system's state through its APIs compared with what the run did.
 */
final class AfterRunChecks {

    private static final int API_AGREEMENT_SAMPLE = 200;
    /** The services with an outbox; notification-service publishes nothing and has none. */
    private static final Set<String> PUBLISHERS = Set.of("order-service", "inventory-service");

    private final Options options;
    private final SystemApi api;
    private Map<String, Optional<Double>> outbox = Map.of();
    private Map<String, Optional<Map<String, Long>>> lags = Map.of();

    AfterRunChecks(Options options, SystemApi api) {
        this.options = options;
        this.api = api;
    }

    /** Waits until every outbox is drained and every consumer group has caught up, or until {@code deadlineNanos}. */
    void awaitSettled(long deadlineNanos) throws InterruptedException {
        while (true) {
            outbox = outboxes();
            lags = lags();
            boolean settled = outbox.values().stream().allMatch(v -> v.isPresent() && v.get() == 0)
                    && lags.values().stream().allMatch(v -> v.isPresent()
                            && v.get().values().stream().allMatch(l -> l == 0));
            if (settled || System.nanoTime() > deadlineNanos) {
                return;
            }
            Thread.sleep(250);
        }
    }

    /** Returns whether the outboxes were drained when last looked at. */
    Check outboxCheck() {
        return outboxCheck(outbox);
    }

    /** Returns whether every group's lag was 0 when last looked at. */
    Check lagCheck() {
        return lagCheck(lags);
    }

    /** Checks that every request was answered or its outcome learnt after the load; refusals are answers. */
    static Check httpErrors(LoadCounters counters) {
        long errors = counters.errorCount();
        long refused = counters.refused.sum();
        long unknown = counters.stillUnknown.sum();
        String detail = errors + refused == 0 ? counters.accepted.sum() + " orders accepted"
                : errors + " requests failed or timed out " + counters.errorCounts() + ", " + refused
                        + " refused with Retry-After; " + counters.resolvedLate.sum()
                        + " resolved afterwards by sending them again (same Idempotency-Key), " + unknown
                        + " still unknown";
        return new Check("every request answered, or its outcome learnt by sending it again", unknown == 0, detail);
    }

    static Check allFinal(Tracker tracker, int askedThroughApi) {
        List<TrackedOrder> pending = tracker.unfinishedOrders();
        int total = tracker.acceptedOrders().size();
        String detail = total + " accepted orders final (" + (total - askedThroughApi)
                + " seen on order-events, " + (askedThroughApi - pending.size()) + " through GET /api/orders/{id})";
        if (!pending.isEmpty()) {
            detail = pending.size() + " of " + total + " accepted orders not final after the drain timeout, e.g. "
                    + pending.stream().limit(5).map(TrackedOrder::id).toList();
        }
        return new Check("every accepted order is final", pending.isEmpty(), detail);
    }

    static Check outcomes(Tracker tracker) {
        Map<String, Integer> counts = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (TrackedOrder t : tracker.acceptedOrders()) {
            String status = t.status();
            counts.merge(status, 1, Integer::sum);
            String expected = expectedStatus(t.plan().kind());
            if (!status.equals(expected) && !"PENDING".equals(status)
                    && !(t.plan().kind() == Kind.CANCEL && !t.cancelRequested())) {
                wrong.add(t.id() + " is " + status + ", expected " + expected);
            }
        }
        return new Check("each order ends as planned (CONFIRMED, REJECTED for a short sku, CANCELLED)",
                wrong.isEmpty(), wrong.isEmpty() ? counts.toString()
                        : wrong.size() + " wrong: " + wrong.stream().limit(5).toList() + "; " + counts);
    }

    /** What an order must end as, given how it was made. */
    static String expectedStatus(Kind kind) {
        return switch (kind) {
            case NORMAL -> "CONFIRMED";
            case REJECT -> "REJECTED";
            case CANCEL -> "CANCELLED";
        };
    }

    private Map<String, Optional<Double>> outboxes() {
        Map<String, Optional<Double>> out = new LinkedHashMap<>();
        api.serviceUrls().forEach((name, url) -> {
            if (PUBLISHERS.contains(name)) {
                out.put(name, api.outboxPending(url));
            }
        });
        return out;
    }

    private Map<String, Optional<Map<String, Long>>> lags() throws InterruptedException {
        Map<String, Optional<Map<String, Long>>> out = new LinkedHashMap<>();
        for (String group : SystemApi.GROUPS) {
            out.put(group, api.lag(group));
        }
        return out;
    }

    private static Check outboxCheck(Map<String, Optional<Double>> outbox) {
        boolean ok = outbox.values().stream().allMatch(v -> v.isPresent() && v.get() == 0);
        Map<String, String> shown = new LinkedHashMap<>();
        outbox.forEach((k, v) -> shown.put(k, v.map(d -> Long.toString(d.longValue())).orElse("unreadable")));
        return new Check("outbox drained (orderflow.outbox.pending == 0 on each service that publishes)", ok,
                shown.toString());
    }

    private static Check lagCheck(Map<String, Optional<Map<String, Long>>> lags) {
        boolean ok = true;
        Map<String, String> shown = new LinkedHashMap<>();
        for (var entry : lags.entrySet()) {
            if (entry.getValue().isEmpty()) {
                ok = false;
                shown.put(entry.getKey(), "no committed offsets");
                continue;
            }
            long total = entry.getValue().get().values().stream().mapToLong(Long::longValue).sum();
            ok &= total == 0;
            shown.put(entry.getKey(), "lag " + total + " over " + entry.getValue().get().size() + " partitions");
        }
        return new Check("every consumer group's lag back to 0", ok, shown.toString());
    }

    Check apiAgreement(Tracker tracker) throws Exception {
        List<TrackedOrder> orders = tracker.acceptedOrders();
        Collections.shuffle(orders, new Random(options.seed()));
        List<TrackedOrder> sample = orders.subList(0, Math.min(API_AGREEMENT_SAMPLE, orders.size()));
        List<String> disagree = Collections.synchronizedList(new ArrayList<>());
        Benchmark.parallel(sample, t -> {
            String status = api.orderStatus(t.id()).orElse("404");
            if (!status.equals(t.status())) {
                disagree.add(t.id() + ": API says " + status + ", events said " + t.status());
            }
        });
        return new Check("order statuses through the API agree with order-events (sample of " + sample.size() + ")",
                disagree.isEmpty(), disagree.isEmpty() ? "" : disagree.size() + " disagree: "
                        + disagree.stream().limit(5).toList());
    }

    Check stockCheck(Tracker tracker, Map<String, Long> initialStock) throws Exception {
        Map<String, ProductState> actual = new ConcurrentHashMap<>();
        Benchmark.parallel(new ArrayList<>(initialStock.keySet()),
                sku -> api.product(sku).ifPresent(p -> actual.put(sku, p)));
        List<FinalOrder> orders = tracker.acceptedOrders().stream()
                .map(t -> new FinalOrder(t.id(), t.status(), quantities(t.plan().lines()))).toList();
        List<String> violations = Invariants.checkStock(initialStock, actual,
                Invariants.confirmedQuantities(orders));
        long reserved = actual.values().stream().mapToLong(ProductState::reserved).sum();
        return new Check("stock: for every sku, start == available + reserved, nothing negative, reserved == "
                + "quantities of CONFIRMED orders", violations.isEmpty(), violations.isEmpty()
                        ? initialStock.size() + " skus, " + reserved + " units reserved"
                        : violations.size() + " violations: " + violations.stream().limit(5).toList());
    }

    private static Map<String, Integer> quantities(List<Line> lines) {
        Map<String, Integer> quantities = new LinkedHashMap<>();
        lines.forEach(line -> quantities.merge(line.sku(), line.quantity(), Integer::sum));
        return quantities;
    }

    Check notificationCheck(Tracker tracker, long settleDeadline) throws Exception {
        List<TrackedOrder> orders = tracker.acceptedOrders().stream().filter(TrackedOrder::finished)
                .collect(Collectors.toCollection(ArrayList::new));
        int total = orders.size();
        String scope = "every order";
        if (orders.size() > options.notificationCheckLimit()) {
            Collections.shuffle(orders, new Random(options.seed() + 1));
            orders = new ArrayList<>(orders.subList(0, options.notificationCheckLimit()));
            scope = "a random sample of " + orders.size() + " of " + total + " orders";
        }
        Map<String, String> hard = new ConcurrentHashMap<>();
        Map<String, String> incomplete = new ConcurrentHashMap<>();
        List<TrackedOrder> toCheck = orders;
        long deadline = Math.max(settleDeadline, System.nanoTime() + 10_000_000_000L);
        while (true) {
            incomplete.clear();
            Benchmark.parallel(toCheck, t -> {
                NotificationCheck check = Invariants.checkNotifications(t.status(), t.confirmedSeen(),
                        SystemApi.plain(api.notifications(t.id())));
                if (check.verdict() == Verdict.VIOLATION) {
                    hard.put(t.id(), check.detail());
                }
                else if (check.verdict() == Verdict.INCOMPLETE) {
                    incomplete.put(t.id(), check.detail());
                }
            });
            if (incomplete.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            toCheck = toCheck.stream().filter(t -> incomplete.containsKey(t.id())).toList();
            Thread.sleep(1000);
        }
        List<String> problems = new ArrayList<>();
        hard.forEach((id, d) -> problems.add(id + ": " + d));
        incomplete.forEach((id, d) -> problems.add(id + ": " + d));
        return new Check("exactly one e-mail per (order, type), each SENT (" + scope + ")", problems.isEmpty(),
                problems.isEmpty() ? orders.size() + " orders checked"
                        : problems.size() + " orders wrong: " + problems.stream().limit(5).toList());
    }
}
