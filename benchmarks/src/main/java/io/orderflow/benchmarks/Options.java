package io.orderflow.benchmarks;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a benchmark run does, parsed from the command line ({@link #parse}); every option has a default.
 *
 * @param mode open (a fixed offered rate, schedule based) or closed (N clients as fast as the system answers)
 * @param rate orders per second offered in the open model
 * @param duration how long load is offered (the measured window)
 * @param warmup load offered before the measured window at the same rate; checked, not measured
 * @param clients concurrent clients of the closed model
 * @param skus products in the catalogue created for the run
 * @param rejectShare share of orders that contain a product with stock 0 and must be REJECTED
 * @param cancelShare share of orders cancelled right after they are placed
 * @param emailSample share of orders whose e-mail is looked up to measure place -> e-mail sent
 * @param emailPollRate at most this many GET /api/notifications per second while the load runs
 * @param stock initial stock of each regular product
 * @param orderUrl order-service base URL
 * @param inventoryUrl inventory-service base URL
 * @param notificationUrl notification-service base URL
 * @param kafka bootstrap servers
 * @param drainTimeout how long accepted orders may take to become final after the load stops
 * @param settleTimeout how long outboxes and consumer lag may take to reach 0, and e-mails to be recorded
 * @param maxInFlight open model: at most this many requests in flight (later sends wait, and count as late)
 * @param connections at most this many TCP connections to each service (requests beyond wait for one, and count as
 *     late)
 * @param notificationCheckLimit above this many orders, the per-order notification check uses a random sample
 * @param resultsDir where the JSON result and the HTML chart go
 * @param logsDir where the services' logs are (for their start-up times)
 * @param seed seeds the order generator
 * @param smoke true for the short smoke run
 * @param backlog stages mode: how many orders each stage works through
 */
public record Options(Mode mode, double rate, Duration duration, Duration warmup, int clients, int skus,
        double rejectShare, double cancelShare, double emailSample, int emailPollRate, long stock, URI orderUrl,
        URI inventoryUrl, URI notificationUrl, String kafka, Duration drainTimeout, Duration settleTimeout,
        int maxInFlight, int connections, int notificationCheckLimit, Path resultsDir, Path logsDir, long seed,
        boolean smoke, int backlog) {

    /** The load model. */
    public enum Mode {
        OPEN, CLOSED,
        /** Each stage of the saga alone, on a backlog prepared with the stages after it paused. */
        STAGES
    }

    public static final String USAGE = """
            Usage: java -jar benchmarks/target/orderflow-benchmarks.jar [options]

              --mode open|closed|stages open: fixed offered rate (default); closed: --clients as fast as answered;
                                        stages: each stage's orders/s alone, on a backlog of --backlog orders
              --backlog N               stages mode: orders each stage works through (default 10000)
              --rate N                  offered orders/s in the open model (default 100)
              --duration D              measured window, e.g. 60s, 2m (default 30s)
              --warmup D                load before the measured window, checked but not measured (default 0s)
              --clients N               closed model: concurrent clients (default 32)
              --skus N                  products in the run's catalogue (default 200)
              --reject-share X          share of orders that must be rejected (default 0.05)
              --cancel-share X          share of orders cancelled right after placing (default 0.02)
              --email-sample X          share of orders sampled for place -> e-mail sent (default 0.02)
              --email-poll-rate N       at most N GET /api/notifications per second for that sample (default 20)
              --stock N                 initial stock of each product (default 1000000)
              --max-in-flight N         open model: requests in flight at most (default 2000)
              --connections N           persistent connections to each service at most (default 256); a request
                                        that finds none free waits for one and counts as late
              --drain-timeout D         time for accepted orders to become final after the load (default 120s)
              --settle-timeout D        time for outboxes, consumer lag and e-mails to settle (default 120s)
              --notification-check-limit N   check every order's e-mails up to N orders, a sample above (default 5000)
              --order-url URL           default http://localhost:8081 (env ORDERFLOW_ORDER_SERVICE_PORT changes the port)
              --inventory-url URL       default http://localhost:8082
              --notification-url URL    default http://localhost:8083
              --kafka HOST:PORT         default localhost:9092 (or env KAFKA_BOOTSTRAP_SERVERS)
              --results-dir DIR         default benchmarks/target/results (target/results outside the checkout root)
              --logs-dir DIR            services' logs, for start-up times (default .orderflow/logs)
              --seed N                  order generator seed (default: time based)
              --smoke                   5 s at 20 orders/s, small catalogue, every check (what the test suite runs)
              --help
            """;

    /** Parses the command line; throws {@link IllegalArgumentException} with a message for a bad one. */
    public static Options parse(List<String> args) {
        Builder b = new Builder();
        List<String> rest = new ArrayList<>(args);
        if (rest.contains("--smoke")) {
            b.smoke();
        }
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (arg.equals("--smoke")) {
                continue;
            }
            String name;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            else if (arg.startsWith("--") && i + 1 < rest.size()) {
                name = arg;
                value = rest.get(++i);
            }
            else {
                throw new IllegalArgumentException("Unknown or incomplete option: " + arg);
            }
            b.set(name, value);
        }
        return b.build();
    }

    /** The smoke run's options against the default local run. */
    public static Options smokeDefaults() {
        Builder b = new Builder();
        b.smoke();
        return b.build();
    }

    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            if (t.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("Not a duration (e.g. 60s, 2m, 500ms): " + text);
        }
    }

    private static final class Builder {
        Mode mode = Mode.OPEN;
        double rate = 100;
        Duration duration = Duration.ofSeconds(30);
        Duration warmup = Duration.ZERO;
        int clients = 32;
        int skus = 200;
        double rejectShare = 0.05;
        double cancelShare = 0.02;
        double emailSample = 0.02;
        int emailPollRate = 20;
        long stock = 1_000_000;
        URI orderUrl = URI.create("http://localhost:" + envPort("ORDERFLOW_ORDER_SERVICE_PORT", 8081));
        URI inventoryUrl = URI.create("http://localhost:" + envPort("ORDERFLOW_INVENTORY_SERVICE_PORT", 8082));
        URI notificationUrl = URI.create("http://localhost:" + envPort("ORDERFLOW_NOTIFICATION_SERVICE_PORT", 8083));
        String kafka = envOr("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        Duration drainTimeout = Duration.ofSeconds(120);
        Duration settleTimeout = Duration.ofSeconds(120);
        int maxInFlight = 2000;
        int connections = Http.DEFAULT_CONNECTIONS;
        int notificationCheckLimit = 5000;
        Path resultsDir = Files.isDirectory(Path.of("benchmarks")) ? Path.of("benchmarks", "target", "results")
                : Path.of("target", "results");
        Path logsDir = home().resolve("logs");
        long seed = System.nanoTime();
        boolean smoke;
        int backlog = 10_000;

        void smoke() {
            smoke = true;
            mode = Mode.OPEN;
            rate = 20;
            duration = Duration.ofSeconds(5);
            skus = 20;
            rejectShare = 0.1;
            cancelShare = 0.1;
            emailSample = 1.0;
            emailPollRate = 50;
            drainTimeout = Duration.ofSeconds(60);
            settleTimeout = Duration.ofSeconds(60);
        }

        void set(String name, String value) {
            try {
                switch (name) {
                    case "--mode" -> mode = Mode.valueOf(value.toUpperCase(Locale.ROOT));
                    case "--rate" -> rate = positive(name, Double.parseDouble(value));
                    case "--duration" -> duration = parseDuration(value);
                    case "--warmup" -> warmup = parseDuration(value);
                    case "--clients" -> clients = (int) positive(name, Integer.parseInt(value));
                    case "--skus" -> skus = (int) positive(name, Integer.parseInt(value));
                    case "--reject-share" -> rejectShare = share(name, value);
                    case "--cancel-share" -> cancelShare = share(name, value);
                    case "--email-sample" -> emailSample = share(name, value);
                    case "--email-poll-rate" -> emailPollRate = (int) positive(name, Integer.parseInt(value));
                    case "--stock" -> stock = (long) positive(name, Long.parseLong(value));
                    case "--max-in-flight" -> maxInFlight = (int) positive(name, Integer.parseInt(value));
                    case "--connections" -> connections = (int) positive(name, Integer.parseInt(value));
                    case "--drain-timeout" -> drainTimeout = parseDuration(value);
                    case "--settle-timeout" -> settleTimeout = parseDuration(value);
                    case "--notification-check-limit" ->
                        notificationCheckLimit = (int) positive(name, Integer.parseInt(value));
                    case "--order-url" -> orderUrl = URI.create(stripSlash(value));
                    case "--inventory-url" -> inventoryUrl = URI.create(stripSlash(value));
                    case "--notification-url" -> notificationUrl = URI.create(stripSlash(value));
                    case "--kafka" -> kafka = value;
                    case "--results-dir" -> resultsDir = Path.of(value);
                    case "--logs-dir" -> logsDir = Path.of(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--backlog" -> backlog = (int) positive(name, Integer.parseInt(value));
                    default -> throw new IllegalArgumentException("Unknown option: " + name);
                }
            }
            catch (NumberFormatException ex) {
                throw new IllegalArgumentException("Not a number for " + name + ": " + value);
            }
        }

        Options build() {
            if (rejectShare + cancelShare > 1) {
                throw new IllegalArgumentException("--reject-share plus --cancel-share must be at most 1");
            }
            if (duration.isZero() || duration.isNegative()) {
                throw new IllegalArgumentException("--duration must be positive");
            }
            return new Options(mode, rate, duration, warmup, clients, skus, rejectShare, cancelShare, emailSample,
                    emailPollRate, stock, orderUrl, inventoryUrl, notificationUrl, kafka, drainTimeout, settleTimeout,
                    maxInFlight, connections, notificationCheckLimit, resultsDir, logsDir, seed, smoke, backlog);
        }

        private static double positive(String name, double value) {
            if (!(value > 0)) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }

        private static double share(String name, String value) {
            double v = Double.parseDouble(value);
            if (v < 0 || v > 1) {
                throw new IllegalArgumentException(name + " must be from 0 to 1");
            }
            return v;
        }

        private static String stripSlash(String url) {
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }

        /**
         * The local run's state folder: ORDERFLOW_HOME, else .orderflow here, or in the folder above when this runs
         * in the benchmarks module (as its tests do).
         */
        private static Path home() {
            String home = System.getenv("ORDERFLOW_HOME");
            if (home != null && !home.isBlank()) {
                return Path.of(home);
            }
            Path here = Path.of(".orderflow");
            Path above = Path.of("..", ".orderflow");
            return !Files.isDirectory(here) && Files.isDirectory(above) ? above : here;
        }

        private static int envPort(String key, int fallback) {
            String v = System.getenv(key);
            return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
        }

        private static String envOr(String key, String fallback) {
            String v = System.getenv(key);
            return v == null || v.isBlank() ? fallback : v;
        }
    }
}
