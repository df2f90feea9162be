package io.orderflow.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.orderflow.benchmarks.Benchmark.Check;

/** The table on the console, the JSON result and the HTML chart of a run. */
final class Report {

    /** Latency above this between the end of the load and the last order becoming final: not sustained. */
    static final double SUSTAINED_MAX_DRAIN_SECONDS = 5;

    private Report() {
    }

    /**
     * Holds the load's TCP connection counts: at most {@code perService} to each service; {@code byLoad} opened to
     * order-service's {@code orderPort} while the load ran; {@code byPort} opened in the whole run, per port.
     */
    record Connections(int perService, int orderPort, long byLoad, Map<Integer, Long> byPort) {
    }

    static Map<String, Object> data(Options options, String runId, LocalDateTime startedAt, LoadDriver driver,
            Tracker tracker, Timeline timeline, EmailSampler sampler, EventWatcher watcher, double windowSeconds,
            double drainSeconds, long seenOnEvents, int askedThroughApi, List<Check> checks,
            List<ServiceProcesses.Snapshot> before, List<ServiceProcesses.Snapshot> after, CpuUsage cpu,
            Connections connections) {
        LoadCounters counters = driver.counters;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("runId", runId);
        d.put("startedAt", startedAt.toString());
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("loadGeneratorJava", System.getProperty("java.version"));
        d.put("machine", machine);

        Map<String, Object> o = new LinkedHashMap<>();
        o.put("mode", options.mode().name().toLowerCase(Locale.ROOT));
        if (options.mode() == Options.Mode.OPEN) {
            o.put("rate", options.rate());
        }
        else {
            o.put("clients", options.clients());
        }
        o.put("durationSeconds", options.duration().toMillis() / 1000.0);
        o.put("warmupSeconds", options.warmup().toMillis() / 1000.0);
        o.put("skus", options.skus());
        o.put("rejectShare", options.rejectShare());
        o.put("cancelShare", options.cancelShare());
        o.put("emailSample", options.emailSample());
        o.put("stock", options.stock());
        o.put("maxInFlight", options.maxInFlight());
        o.put("connectionsPerService", options.connections());
        o.put("seed", options.seed());
        o.put("smoke", options.smoke());
        o.put("orderUrl", options.orderUrl().toString());
        o.put("kafka", options.kafka());
        d.put("options", o);

        List<Timeline.Second> seconds = timeline.seconds();
        long finals = seconds.stream().mapToLong(Timeline.Second::finals).sum();
        int lastFinalSecond = -1;
        for (Timeline.Second s : seconds) {
            if (s.finals() > 0) {
                lastFinalSecond = s.second();
            }
        }
        long accepted = counters.acceptedMeasured.sum();
        long errors = counters.errorCount();
        long refused = counters.refused.sum();
        double acceptedRate = accepted / windowSeconds;
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("offeredPerSecond", options.mode() == Options.Mode.OPEN ? options.rate() : null);
        t.put("windowSeconds", windowSeconds);
        t.put("sent", counters.sentMeasured.sum());
        t.put("accepted", accepted);
        t.put("acceptedPerSecond", round(acceptedRate));
        t.put("finalOrders", finals);
        t.put("finalPerSecond", round(finals / Math.max(windowSeconds, lastFinalSecond + 1)));
        t.put("errors", errors);
        t.put("errorKinds", counters.errorCounts());
        t.put("connectionErrors", counters.connectionErrorCounts());
        t.put("refusedWithRetryAfter", refused);
        t.put("answers", counters.answerCounts());
        t.put("sentIncludingWarmup", counters.sent.sum());
        t.put("acceptedIncludingWarmup", counters.accepted.sum());
        t.put("cancelled", counters.cancelsOk.sum());
        t.put("drainSeconds", round(drainSeconds));
        t.put("finalSeenOnEvents", seenOnEvents);
        t.put("finalReadThroughApi", askedThroughApi);
        t.put("duplicateFinalEvents", tracker.duplicateFinalEvents());
        t.put("orderEventsRecordsSeen", watcher.records());
        t.put("maxSchedulerLagMs", round(counters.maxSchedulerLagNanos.get() / 1e6));
        t.put("maxSendLagMs", round(counters.maxSendLagNanos.get() / 1e6));
        t.put("lateSends", counters.lateSends.sum());
        t.put("connectionsPerService", connections.perService());
        t.put("connectionsOpenedByLoad", connections.byLoad());
        t.put("connectionsOpenedByPort", connections.byPort());
        boolean sustained = errors == 0 && refused == 0 && drainSeconds <= SUSTAINED_MAX_DRAIN_SECONDS
                && (options.mode() == Options.Mode.CLOSED || acceptedRate >= 0.99 * options.rate());
        t.put("sustained", sustained);
        t.put("sustainedMeans", "no HTTP errors or refusals, every order final within " + SUSTAINED_MAX_DRAIN_SECONDS
                + " s of the end of the load" + (options.mode() == Options.Mode.OPEN
                        ? ", accepted at least 99% of the offered rate" : ""));
        d.put("throughput", t);

        List<Latency.Summary> latency = List.of(counters.acceptFromIntended.summary(),
                counters.acceptFromSent.summary(), tracker.finalFromIntended.summary(), tracker.finalFromSent.summary(),
                sampler.emailLatency.summary(), counters.cancelLatency.summary());
        d.put("latencyMs", latency);
        d.put("latencyNotes", List.of(
                "'from intended send' counts from the time the schedule meant the order to be sent (open model; no "
                        + "coordinated omission; a wait for a free connection counts); 'from actual send' from when "
                        + "the request left on a connection. In the closed model they differ by that wait only.",
                "place -> final: until OrderConfirmed/OrderRejected arrived on order-events at this load generator "
                        + "(cancelled orders excluded); its fetches wait up to " + EventWatcher.FETCH_MAX_WAIT_MS
                        + " ms for 64 KiB, which may add as much.",
                "place -> e-mail sent: nothing on Kafka tells that an e-mail went out, so a sample of "
                        + Math.round(options.emailSample() * 100) + "% of orders is looked up with GET "
                        + "/api/notifications?orderId= at most " + options.emailPollRate() + " times/s; the "
                        + "figure is the notification's sentAt minus the intended send time (one clock)."));
        Map<String, Object> email = new LinkedHashMap<>();
        email.put("sampled", tracker.emailSample().size());
        email.put("resolved", sampler.resolved.get());
        email.put("polls", sampler.polls.get());
        d.put("emailSample", email);

        List<Map<String, Object>> services = new ArrayList<>();
        for (ServiceProcesses.Snapshot s : after) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", s.service());
            m.put("pid", s.pid());
            Optional<ServiceProcesses.Snapshot> b = before.stream().filter(x -> x.pid() == s.pid()).findFirst();
            m.put("rssMbBefore", b.map(x -> mb(x.rssKb())).orElse(null));
            m.put("rssMbAfter", mb(s.rssKb()));
            m.put("rssMbPeak", mb(s.hwmKb()));
            m.put("cpuCoresDuringRun", cpu.part(s.pid()).map(r -> round(r.cores())).orElse(null));
            m.put("jvmOptions", s.jvmOptions());
            Optional<double[]> startup = ServiceProcesses.startupSeconds(options.logsDir(), s.service());
            m.put("startupSeconds", startup.map(x -> x[0]).orElse(null));
            m.put("processRunningAtStartupSeconds", startup.map(x -> x[1] < 0 ? null : x[1]).orElse(null));
            services.add(m);
        }
        d.put("services", services);
        Map<String, Object> cpuData = cpu.toJson();
        cpuData.put("loadGeneratorCores", cpu.loadGenerator().map(r -> round(r.cores())).orElse(null));
        cpuData.put("window", "from the start of the measured window until every order was final and the system "
                + "had settled (outboxes drained, consumer lag 0); per order that became final in the window (warm-up "
                + "orders still in flight and placements sent again after the load included)");
        d.put("cpu", cpuData);

        List<Map<String, Object>> checkList = new ArrayList<>();
        for (Check c : checks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("passed", c.passed());
            m.put("detail", c.detail());
            checkList.add(m);
        }
        d.put("checks", checkList);
        d.put("passed", checks.stream().allMatch(Check::passed));
        d.put("timeline", seconds);
        return d;
    }

    static void write(Map<String, Object> data, Path json, Path html) throws IOException {
        Files.createDirectories(json.toAbsolutePath().getParent());
        Files.writeString(json, Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(data));
        Files.writeString(html, Chart.html(data));
    }

    @SuppressWarnings("unchecked")
    static void printTable(PrintStream out, Map<String, Object> d, CpuUsage cpu) {
        Map<String, Object> t = (Map<String, Object>) d.get("throughput");
        out.println();
        out.println("=== Orderflow benchmark " + d.get("runId") + " " + ((Map<String, Object>) d.get("options")));
        out.printf("  %-34s %s%n", "offered orders/s", t.get("offeredPerSecond") == null ? "closed model"
                : t.get("offeredPerSecond"));
        out.printf("  %-34s %s (%s accepted in %.1f s)%n", "achieved (accepted) orders/s", t.get("acceptedPerSecond"),
                t.get("accepted"), (Double) t.get("windowSeconds"));
        out.printf("  %-34s %s (%s orders)%n", "end to end (final) orders/s", t.get("finalPerSecond"),
                t.get("finalOrders"));
        out.printf("  %-34s %s %s%n", "errors", t.get("errors"), t.get("errorKinds"));
        out.printf("  %-34s %s; connection errors %s%n", "refused (429/503, Retry-After)",
                t.get("refusedWithRetryAfter"), t.get("connectionErrors"));
        out.printf("  %-34s %s%n", "answers", t.get("answers"));
        out.printf("  %-34s %s to order-service by the load (at most %s at once); in the run, per port %s%n",
                "TCP connections opened", t.get("connectionsOpenedByLoad"), t.get("connectionsPerService"),
                t.get("connectionsOpenedByPort"));
        out.printf("  %-34s %s s; max scheduler lag %s ms, max send lag %s ms (%s sends late by over 10 ms); "
                + "sustained: %s%n", "drain after load", t.get("drainSeconds"), t.get("maxSchedulerLagMs"),
                t.get("maxSendLagMs"), t.get("lateSends"), t.get("sustained"));
        out.println();
        out.printf("  %-42s %8s %9s %9s %9s %9s %9s%n", "latency (ms)", "n", "p50", "p95", "p99", "p99.9", "max");
        for (Latency.Summary s : (List<Latency.Summary>) d.get("latencyMs")) {
            out.printf("  %-42s %8d %9s %9s %9s %9s %9s%n", s.name(), s.count(), ms(s.p50()), ms(s.p95()),
                    ms(s.p99()), ms(s.p999()), ms(s.max()));
        }
        Map<String, Object> email = (Map<String, Object>) d.get("emailSample");
        out.printf("  (e-mail: %s sampled orders, %s measured, %s GET /api/notifications; sentAt - intended send)%n",
                email.get("sampled"), email.get("resolved"), email.get("polls"));
        out.println();
        out.printf("  %-22s %8s %10s %10s %10s %10s %12s%n", "service", "pid", "RSS before", "RSS after",
                "RSS peak", "CPU cores", "start-up s");
        for (Map<String, Object> s : (List<Map<String, Object>>) d.get("services")) {
            out.printf("  %-22s %8s %10s %10s %10s %10s %12s%n", s.get("service"), s.get("pid"),
                    s.get("rssMbBefore") + " MB", s.get("rssMbAfter") + " MB", s.get("rssMbPeak") + " MB",
                    s.get("cpuCoresDuringRun"), s.get("startupSeconds") == null ? "n/a" : s.get("startupSeconds"));
        }
        out.println();
        CpuTable.print(out, cpu);
        out.println();
        out.println("  invariant check:");
        for (Map<String, Object> c : (List<Map<String, Object>>) d.get("checks")) {
            out.printf("   %s %s%n       %s%n", Boolean.TRUE.equals(c.get("passed")) ? "PASS" : "FAIL", c.get("name"),
                    c.get("detail"));
        }
        out.println();
    }

    private static String ms(double v) {
        return v < 0 ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static Long mb(long kb) {
        return kb < 0 ? null : Math.round(kb / 1024.0);
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
