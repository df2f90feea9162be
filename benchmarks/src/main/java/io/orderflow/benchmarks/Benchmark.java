package io.orderflow.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

import io.orderflow.benchmarks.Invariants.FinalOrder;
import io.orderflow.benchmarks.Invariants.NotificationCheck;
import io.orderflow.benchmarks.Invariants.ProductState;
import io.orderflow.benchmarks.Invariants.Verdict;
import io.orderflow.benchmarks.OrderGenerator.Kind;
import io.orderflow.benchmarks.Tracker.TrackedOrder;

/** One benchmark run: set-up, load, drain, the invariant check, and the report. */
public final class Benchmark {

    /** How many requests the checks send at once. */
    private static final int CHECK_CONCURRENCY = 16;
    private static final int API_AGREEMENT_SAMPLE = 200;
    /** The services with an outbox; notification-service publishes nothing and has none. */
    private static final Set<String> PUBLISHERS = Set.of("order-service", "inventory-service");

    private final Options options;
    private final PrintStream out;

    public Benchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** One check of the after-run invariant check. */
    public record Check(String name, boolean passed, String detail) {
    }

    /** What a run found; {@link #passed()} is false when any invariant is broken. */
    public record Result(String runId, List<Check> checks, Path json, Path html, Map<String, Object> data) {

        public boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }

        public List<Check> violations() {
            return checks.stream().filter(c -> !c.passed()).toList();
        }
    }

    /** Thrown when there is no system to drive. */
    public static final class NoSystemException extends RuntimeException {
        public NoSystemException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public Result run() throws Exception {
        LocalDateTime startedAt = LocalDateTime.now();
        String runId = startedAt.format(DateTimeFormatter.ofPattern("MMddHHmmss"))
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36).toUpperCase();
        String fileStamp = startedAt.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        out.printf("Orderflow benchmark, run %s: %s%n", runId, describe());
        try (Http http = new Http(Duration.ofSeconds(30), BenchmarkToken.of(options)); SystemApi api = new SystemApi(http, options)) {
            preflight(http);
            Map<String, Integer> ports = new HashMap<>();
            api.serviceUrls().forEach((name, url) -> ports.put(name, url.getPort()));
            List<ServiceProcesses.Snapshot> before = ServiceProcesses.snapshot(ports);

            // the run's catalogue
            List<String> skus = new ArrayList<>();
            for (int i = 1; i <= options.skus(); i++) {
                skus.add(OrderGenerator.sku(runId, i));
            }
            List<String> zeroStock = new ArrayList<>();
            if (options.rejectShare() > 0) {
                for (int i = 1; i <= Math.max(1, Math.min(5, options.skus() / 20)); i++) {
                    zeroStock.add(OrderGenerator.zeroStockSku(runId, i));
                }
            }
            Map<String, Long> initialStock = new LinkedHashMap<>();
            skus.forEach(s -> initialStock.put(s, options.stock()));
            zeroStock.forEach(s -> initialStock.put(s, 0L));
            long catalogueStart = System.nanoTime();
            parallel(new ArrayList<>(initialStock.keySet()), sku -> api.createProduct(sku, initialStock.get(sku)));
            out.printf("Created %d products (%d with stock 0) in %d ms%n", initialStock.size(), zeroStock.size(),
                    (System.nanoTime() - catalogueStart) / 1_000_000);
            OrderGenerator generator = new OrderGenerator(skus, zeroStock, options.rejectShare(),
                    options.cancelShare(), options.emailSample(), options.seed());

            long start = System.nanoTime() + 1_000_000_000L;
            long measureFrom = start + options.warmup().toNanos();
            long end = measureFrom + options.duration().toNanos();
            long epochMicrosAtMeasure = currentEpochMicros() + (measureFrom - System.nanoTime()) / 1000;
            int seconds = (int) (options.duration().toSeconds() + options.drainTimeout().toSeconds()
                    + options.settleTimeout().toSeconds() + 30);
            Timeline timeline = new Timeline(measureFrom, seconds);
            Tracker tracker = new Tracker(timeline, measureFrom, epochMicrosAtMeasure);
            LoadDriver driver = new LoadDriver(options, http, generator, tracker, timeline, runId);

            Map<String, Object> data = new LinkedHashMap<>();
            try (EventWatcher watcher = new EventWatcher(options.kafka(), BenchmarkKafkaLogin.of(options), tracker);
                    EmailSampler sampler = new EmailSampler(api, tracker, options.emailPollRate())) {
                watcher.start();
                sampler.start();
                CpuWindow cpu = new CpuWindow(measureFrom, end, ports);
                out.printf("Offering load for %s%s...%n", human(options.duration()),
                        options.warmup().isZero() ? "" : " after a warm-up of " + human(options.warmup()));
                driver.run(start, measureFrom, end);
                driver.resolveUnknownOutcomes();
                long loadEnd = System.nanoTime();
                double windowSeconds = options.duration().toNanos() / 1e9;
                out.printf("Load done (%d accepted, %d errors); waiting for %d orders to become final...%n",
                        driver.accepted.sum(), driver.errorCount(), tracker.unfinished());

                // drain: every accepted order must become final
                long drainDeadline = loadEnd + options.drainTimeout().toNanos();
                while (tracker.unfinished() > 0 && System.nanoTime() < drainDeadline) {
                    Thread.sleep(100);
                }
                // from the end of the load window, i.e. including what was still in flight then
                double drainSeconds = Math.max(0, (System.nanoTime() - end) / 1e9);
                long seenOnEvents = tracker.acceptedOrders().size() - tracker.unfinished();
                List<TrackedOrder> unseen = tracker.unfinishedOrders();
                parallel(unseen, t -> api.orderStatus(t.id()).ifPresent(s -> tracker.apiStatus(t, s)));
                cpu.closeNow();

                List<Check> checks = new ArrayList<>();
                checks.add(httpErrors(driver));
                checks.add(allFinal(tracker, unseen.size()));
                checks.add(outcomes(tracker));

                // settle: outboxes drained, consumers caught up
                long settleDeadline = System.nanoTime() + options.settleTimeout().toNanos();
                Map<String, Optional<Double>> outbox;
                Map<String, Optional<Map<String, Long>>> lags;
                while (true) {
                    outbox = outboxes(api);
                    lags = lags(api);
                    boolean settled = outbox.values().stream().allMatch(v -> v.isPresent() && v.get() == 0)
                            && lags.values().stream().allMatch(v -> v.isPresent()
                                    && v.get().values().stream().allMatch(l -> l == 0));
                    if (settled || System.nanoTime() > settleDeadline) {
                        break;
                    }
                    Thread.sleep(250);
                }
                checks.add(outboxCheck(outbox));
                checks.add(lagCheck(lags));
                checks.add(apiAgreement(api, tracker));
                checks.add(stockCheck(api, tracker, initialStock));
                checks.add(notificationCheck(api, tracker, settleDeadline));
                sampler.close();

                List<ServiceProcesses.Snapshot> after = ServiceProcesses.snapshot(ports);
                data = Report.data(options, runId, startedAt, driver, tracker, timeline, sampler, watcher, windowSeconds,
                        drainSeconds, seenOnEvents, unseen.size(), checks, before, after, cpu);
                Path json = options.resultsDir().resolve(fileStamp + "-" + runId + ".json");
                Path html = options.resultsDir().resolve(fileStamp + "-" + runId + ".html");
                Report.write(data, json, html);
                Report.printTable(out, data);
                out.println("Result: " + json.toAbsolutePath().normalize());
                out.println("Chart:  " + html.toAbsolutePath().normalize());
                Result result = new Result(runId, checks, json, html, data);
                out.println(result.passed() ? "INVARIANTS HOLD" : "INVARIANT CHECK FAILED: "
                        + result.violations().stream().map(Check::name).toList());
                return result;
            }
        }
    }

    private String describe() {
        String load = options.mode() == Options.Mode.OPEN ? "open model, " + fmt(options.rate()) + " orders/s offered"
                : "closed model, " + options.clients() + " clients";
        return (options.smoke() ? "SMOKE, " : "") + load + " for " + human(options.duration()) + ", " + options.skus()
                + " skus, reject share " + options.rejectShare() + ", cancel share " + options.cancelShare()
                + ", seed " + options.seed();
    }

    private void preflight(Http http) {
        for (var service : Map.of("order-service", options.orderUrl(), "inventory-service", options.inventoryUrl(),
                "notification-service", options.notificationUrl()).entrySet()) {
            try {
                Http.Response health = http.get(service.getValue().resolve("/actuator/health"));
                if (health.status() != 200) {
                    throw new NoSystemException(service.getKey() + " at " + service.getValue()
                            + " is not healthy (GET /actuator/health answered " + health.status() + ")", null);
                }
            }
            catch (ConnectException ex) {
                throw new NoSystemException("Nothing answers at " + service.getValue() + " (" + service.getKey()
                        + "): start Orderflow first, e.g. ./orderflow run", ex);
            }
            catch (IOException ex) {
                throw new NoSystemException(service.getKey() + " at " + service.getValue() + ": " + ex, ex);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new NoSystemException("interrupted", ex);
            }
        }
    }

    // ---- checks

    private static Check httpErrors(LoadDriver driver) {
        long errors = driver.errorCount();
        long unknown = driver.stillUnknown.sum();
        String detail = errors == 0 ? driver.accepted.sum() + " orders accepted"
                : errors + " requests failed or timed out " + driver.errorCounts() + "; " + driver.resolvedLate.sum()
                        + " resolved afterwards by sending them again (same Idempotency-Key), " + unknown
                        + " still unknown";
        return new Check("every request answered, or its outcome learnt by sending it again", unknown == 0, detail);
    }

    private static Check allFinal(Tracker tracker, int askedThroughApi) {
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

    private static Check outcomes(Tracker tracker) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (TrackedOrder t : tracker.acceptedOrders()) {
            String status = t.status();
            counts.merge(status, 1, Integer::sum);
            String expected = Invariants.expectedStatus(t.plan().kind());
            if (!status.equals(expected) && !"PENDING".equals(status)
                    && !(t.plan().kind() == Kind.CANCEL && !t.cancelRequested())) {
                wrong.add(t.id() + " is " + status + ", expected " + expected);
            }
        }
        return new Check("each order ends as planned (CONFIRMED, REJECTED for a short sku, CANCELLED)",
                wrong.isEmpty(), wrong.isEmpty() ? counts.toString()
                        : wrong.size() + " wrong: " + wrong.stream().limit(5).toList() + "; " + counts);
    }

    private Map<String, Optional<Double>> outboxes(SystemApi api) {
        Map<String, Optional<Double>> out = new LinkedHashMap<>();
        api.serviceUrls().forEach((name, url) -> {
            if (PUBLISHERS.contains(name)) {
                out.put(name, api.outboxPending(url));
            }
        });
        return out;
    }

    private static Map<String, Optional<Map<String, Long>>> lags(SystemApi api) throws InterruptedException {
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
        return new Check("outbox drained (orderflow.outbox.pending == 0 on each service that publishes)", ok, shown.toString());
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

    private Check apiAgreement(SystemApi api, Tracker tracker) throws Exception {
        List<TrackedOrder> orders = tracker.acceptedOrders();
        Collections.shuffle(orders, new Random(options.seed()));
        List<TrackedOrder> sample = orders.subList(0, Math.min(API_AGREEMENT_SAMPLE, orders.size()));
        List<String> disagree = Collections.synchronizedList(new ArrayList<>());
        parallel(sample, t -> {
            String status = api.orderStatus(t.id()).orElse("404");
            if (!status.equals(t.status())) {
                disagree.add(t.id() + ": API says " + status + ", events said " + t.status());
            }
        });
        return new Check("order statuses through the API agree with order-events (sample of " + sample.size() + ")",
                disagree.isEmpty(), disagree.isEmpty() ? "" : disagree.size() + " disagree: "
                        + disagree.stream().limit(5).toList());
    }

    private Check stockCheck(SystemApi api, Tracker tracker, Map<String, Long> initialStock) throws Exception {
        Map<String, ProductState> actual = new ConcurrentHashMap<>();
        parallel(new ArrayList<>(initialStock.keySet()), sku -> api.product(sku).ifPresent(p -> actual.put(sku, p)));
        List<FinalOrder> orders = tracker.acceptedOrders().stream()
                .map(t -> new FinalOrder(t.id(), t.status(), t.plan().lines())).toList();
        List<String> violations = Invariants.checkStock(initialStock, actual,
                Invariants.confirmedQuantities(orders));
        long reserved = actual.values().stream().mapToLong(ProductState::reserved).sum();
        return new Check("stock: for every sku, start == available + reserved, nothing negative, reserved == "
                + "quantities of CONFIRMED orders", violations.isEmpty(), violations.isEmpty()
                        ? initialStock.size() + " skus, " + reserved + " units reserved"
                        : violations.size() + " violations: " + violations.stream().limit(5).toList());
    }

    private Check notificationCheck(SystemApi api, Tracker tracker, long settleDeadline) throws Exception {
        List<TrackedOrder> orders = tracker.acceptedOrders().stream().filter(TrackedOrder::finished)
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
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
            parallel(toCheck, t -> {
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

    // ---- helpers

    /** Runs an action for each item, {@value #CHECK_CONCURRENCY} at a time; rethrows the first failure. */
    static <T> void parallel(List<T> items, ThrowingConsumer<T> action) throws Exception {
        Semaphore permits = new Semaphore(CHECK_CONCURRENCY);
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (T item : items) {
                permits.acquire();
                futures.add(executor.submit(() -> {
                    try {
                        action.accept(item);
                        return null;
                    }
                    finally {
                        permits.release();
                    }
                }));
            }
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            }
            catch (java.util.concurrent.ExecutionException ex) {
                if (ex.getCause() instanceof Exception e) {
                    throw e;
                }
                throw ex;
            }
        }
    }

    /** An action that may throw. */
    @FunctionalInterface
    interface ThrowingConsumer<T> {
        void accept(T item) throws Exception;
    }

    static long currentEpochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format("%.1f", v);
    }

    /** CPU time of the services and of the machine over the measured window (until the drain ends). */
    static final class CpuWindow {
        final Map<Long, Double> startCpu = new HashMap<>();
        final Map<Long, Double> endCpu = new HashMap<>();
        volatile double machineStart = -1;
        volatile double machineEnd = -1;
        volatile long startNanos;
        volatile long endNanos;
        private final Thread starter;

        private final Map<String, Integer> ports;

        CpuWindow(long measureFromNanos, long endNanos, Map<String, Integer> ports) {
            this.ports = ports;
            starter = Thread.ofVirtual().start(() -> {
                LoadDriver.parkUntil(measureFromNanos);
                synchronized (this) {
                    startNanos = System.nanoTime();
                    machineStart = ServiceProcesses.machineBusySeconds();
                    ServiceProcesses.snapshot(ports).forEach(s -> startCpu.put(s.pid(), s.cpuSeconds()));
                    long self = ProcessHandle.current().pid();
                    startCpu.put(self, ServiceProcesses.cpuSeconds(self));
                }
            });
        }

        /** Ends the window at the end of the drain. */
        void closeNow() throws InterruptedException {
            starter.join();
            synchronized (this) {
                endNanos = System.nanoTime();
                machineEnd = ServiceProcesses.machineBusySeconds();
                ServiceProcesses.snapshot(ports).forEach(s -> endCpu.put(s.pid(), s.cpuSeconds()));
                long self = ProcessHandle.current().pid();
                endCpu.put(self, ServiceProcesses.cpuSeconds(self));
            }
        }

        synchronized double seconds() {
            return (endNanos - startNanos) / 1e9;
        }

        /** Average cores used by a process over the window, or -1. */
        synchronized double cores(long pid) {
            Double a = startCpu.get(pid);
            Double b = endCpu.get(pid);
            return a == null || b == null || a < 0 ? -1 : (b - a) / seconds();
        }

        synchronized double machineCores() {
            return machineStart < 0 ? -1 : (machineEnd - machineStart) / seconds();
        }

        /** Average cores used by this load generator. */
        synchronized double selfCores() {
            return cores(ProcessHandle.current().pid());
        }
    }
}
