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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

import io.orderflow.benchmarks.Tracker.TrackedOrder;

/** One benchmark run: set-up, load, drain, the invariant check, and the report. */
public final class Benchmark {

    /** How many requests the checks send at once. */
    private static final int CHECK_CONCURRENCY = 16;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

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
        try (Http http = new Http(REQUEST_TIMEOUT, BenchmarkToken.of(options), options.connections(),
                options.maxInFlight() + CHECK_CONCURRENCY);
                SystemApi api = new SystemApi(options)) {
            preflight(api);
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
            OrderBodies bodies = new OrderBodies("bench-" + runId, "bench-" + runId.toLowerCase() + "@example.com",
                    initialStock.keySet());
            LoadDriver driver = new LoadDriver(options, http, generator, bodies, tracker, timeline, runId);

            try (EventWatcher watcher = new EventWatcher(options.kafka(), BenchmarkKafkaLogin.of(options), tracker);
                    EmailSampler sampler = new EmailSampler(api, tracker, options.emailPollRate())) {
                watcher.start();
                sampler.start();
                CpuWindow cpu = new CpuWindow(measureFrom, () -> CpuSnapshot.take(ports));
                int orderPort = options.orderUrl().getPort() < 0 ? 80 : options.orderUrl().getPort();
                long connectionsBefore = http.connections().opened(orderPort);
                out.printf("Offering load for %s%s...%n", human(options.duration()),
                        options.warmup().isZero() ? "" : " after a warm-up of " + human(options.warmup()));
                driver.run(start, measureFrom, end);
                driver.resolveUnknownOutcomes();
                long loadConnections = http.connections().opened(orderPort) - connectionsBefore;
                long loadEnd = System.nanoTime();
                double windowSeconds = options.duration().toNanos() / 1e9;
                out.printf("Load done (%d accepted, %d refused, %d errors, %d TCP connections opened to "
                        + "order-service); waiting for %d orders to become final...%n", driver.counters.accepted.sum(),
                        driver.counters.refused.sum(), driver.counters.errorCount(), loadConnections,
                        tracker.unfinished());

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

                // settle: outboxes drained, consumers caught up; the CPU window ends here, before the checks' reads
                AfterRunChecks after = new AfterRunChecks(options, api);
                long settleDeadline = System.nanoTime() + options.settleTimeout().toNanos();
                after.awaitSettled(settleDeadline);
                cpu.close();

                List<Check> checks = new ArrayList<>();
                checks.add(AfterRunChecks.httpErrors(driver.counters));
                checks.add(AfterRunChecks.allFinal(tracker, unseen.size()));
                checks.add(AfterRunChecks.outcomes(tracker));
                checks.add(after.outboxCheck());
                checks.add(after.lagCheck());
                checks.add(after.apiAgreement(tracker));
                checks.add(after.stockCheck(tracker, initialStock));
                checks.add(after.notificationCheck(tracker, settleDeadline));
                sampler.close();

                List<ServiceProcesses.Snapshot> afterRun = ServiceProcesses.snapshot(ports);
                CpuUsage usage = cpu.usage(tracker.finishedInWindow());
                Report.Connections connections = new Report.Connections(options.connections(), orderPort,
                        loadConnections, http.connections().openedByPort());
                Map<String, Object> data = Report.data(options, runId, startedAt, driver, tracker, timeline, sampler,
                        watcher, windowSeconds, drainSeconds, seenOnEvents, unseen.size(), checks, before, afterRun,
                        usage, connections);
                Path json = options.resultsDir().resolve(fileStamp + "-" + runId + ".json");
                Path html = options.resultsDir().resolve(fileStamp + "-" + runId + ".html");
                Report.write(data, json, html);
                Report.printTable(out, data, usage);
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

    private void preflight(SystemApi api) {
        for (var service : Map.of("order-service", options.orderUrl(), "inventory-service", options.inventoryUrl(),
                "notification-service", options.notificationUrl()).entrySet()) {
            try {
                int health = api.health(service.getValue());
                if (health != 200) {
                    throw new NoSystemException(service.getKey() + " at " + service.getValue()
                            + " is not healthy (GET /actuator/health answered " + health + ")", null);
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
}
