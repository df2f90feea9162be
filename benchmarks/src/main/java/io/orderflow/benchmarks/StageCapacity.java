package io.orderflow.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures each stage of the saga alone, so that the slowest stage is a number and not a guess: the stages after the
 * one measured are paused through each service's {@code /actuator/messaging} endpoint, a backlog of orders is
 * prepared, and each stage is resumed in turn and timed until it has worked through the backlog.
 *
 * <ol>
 * <li>HTTP accept: {@code --backlog} orders placed by {@code --clients} concurrent clients, every consumer and relay
 * paused;</li>
 * <li>order-service relay: its outbox of OrderPlaced drained to Kafka;</li>
 * <li>reservation: inventory-service consumes the filled {@code order-events} (its relay paused);</li>
 * <li>inventory-service relay: its outbox of answers drained;</li>
 * <li>confirmation: order-service consumes the answers and publishes OrderConfirmed (its relay running);</li>
 * <li>notification: notification-service consumes the final events and sends every e-mail.</li>
 * </ol>
 *
 * <p>Each stage's CPU per order is taken over its own window, from /proc, for every process of the system.
 */
final class StageCapacity {

    private static final Duration STAGE_TIMEOUT = Duration.ofMinutes(10);

    private final Options options;
    private final PrintStream out;

    StageCapacity(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Holds a stage's result: how many orders it worked through in how long, and the CPU each process used. */
    record Stage(String column, String name, long orders, double seconds, CpuUsage cpu) {

        double ordersPerSecond() {
            return orders / seconds;
        }
    }

    List<Stage> run() throws Exception {
        String runId = "stages-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMddHHmmss"));
        List<Stage> stages = new ArrayList<>();
        try (Http http = new Http(Duration.ofSeconds(30), BenchmarkToken.of(options));
                SystemApi api = new SystemApi(options)) {
            List<String> skus = new ArrayList<>();
            for (int i = 0; i < options.skus(); i++) {
                skus.add(OrderGenerator.sku(runId, i));
                api.createProduct(skus.getLast(), options.stock());
            }
            URI order = options.orderUrl();
            URI inventory = options.inventoryUrl();
            URI notification = options.notificationUrl();
            out.printf("Stage capacity, run %s: backlog %d orders, %d clients, %d skus%n", runId, options.backlog(),
                    options.clients(), skus.size());
            Map<String, Integer> ports = new HashMap<>();
            api.serviceUrls().forEach((name, url) -> ports.put(name, url.getPort()));
            try {
                api.messaging(order, "all", "pause");
                api.messaging(inventory, "all", "pause");
                api.messaging(notification, "consumers", "pause");

                CpuSnapshot cpu = CpuSnapshot.take(ports);
                long started = System.nanoTime();
                long placed = placeBacklog(http, runId, skus);
                stages.add(stage("accept", "HTTP accept (every consumer and relay paused)", placed, started, cpu,
                        ports));

                cpu = CpuSnapshot.take(ports);
                started = resume(api, order, "relay");
                awaitZero(() -> api.outboxPending(order));
                stages.add(stage("o-relay", "order-service relay: outbox of OrderPlaced to Kafka", placed, started,
                        cpu, ports));

                cpu = CpuSnapshot.take(ports);
                started = resume(api, inventory, "consumers");
                awaitZero(() -> totalLag(api, "inventory-service"));
                stages.add(stage("reserve", "reservation: inventory-service consumes order-events", placed, started,
                        cpu, ports));

                cpu = CpuSnapshot.take(ports);
                started = resume(api, inventory, "relay");
                awaitZero(() -> api.outboxPending(inventory));
                stages.add(stage("i-relay", "inventory-service relay: answers to Kafka", placed, started, cpu,
                        ports));

                cpu = CpuSnapshot.take(ports);
                started = resume(api, order, "consumers");
                awaitZero(() -> totalLag(api, "order-service"));
                awaitZero(() -> api.outboxPending(order));
                stages.add(stage("confirm", "confirmation: order-service consumes answers, publishes outcomes",
                        placed, started, cpu, ports));

                cpu = CpuSnapshot.take(ports);
                started = resume(api, notification, "consumers");
                awaitZero(() -> totalLag(api, "notification-service"));
                awaitZero(() -> api.gauge(notification, "orderflow.notifications?tag=status:pending"));
                stages.add(stage("notify", "notification: ledger and e-mails sent", placed, started, cpu, ports));
            }
            finally {
                for (URI service : List.of(order, inventory, notification)) {
                    api.messaging(service, "all", "resume");
                }
            }
        }
        out.println();
        out.printf("  %-66s %8s %9s %10s%n", "stage", "orders", "seconds", "orders/s");
        for (Stage stage : stages) {
            out.printf("  %-66s %8d %9.2f %10.1f%n", stage.name(), stage.orders(), stage.seconds(),
                    stage.ordersPerSecond());
        }
        out.println();
        CpuTable.printStages(out, stages.stream().map(Stage::column).toList(),
                stages.stream().map(Stage::cpu).toList());
        return stages;
    }

    /** Ends a stage begun at {@code startedNanos}, with {@code cpu} taken just before it began. */
    private static Stage stage(String column, String name, long orders, long startedNanos, CpuSnapshot cpu,
            Map<String, Integer> ports) {
        double seconds = since(startedNanos);
        return new Stage(column, name, orders, seconds, CpuUsage.between(cpu, CpuSnapshot.take(ports), orders));
    }

    private long placeBacklog(Http http, String runId, List<String> skus) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        LongAdder placed = new LongAdder();
        LongAdder refused = new LongAdder();
        URI orders = options.orderUrl().resolve("/api/orders");
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < options.clients(); c++) {
                clients.submit(() -> {
                    int index;
                    while ((index = next.getAndIncrement()) < options.backlog()) {
                        OrderBodies.OrderRequest body = new OrderBodies.OrderRequest(runId, runId + "@example.com",
                                List.of(new OrderGenerator.Line(skus.get(index % skus.size()), 1)));
                        while (true) {
                            Http.Response response = http.post(orders, Http.JSON.writeValueAsBytes(body),
                                    runId + "-" + index);
                            if (response.status() == 201) {
                                placed.increment();
                                break;
                            }
                            refused.increment();
                            Thread.sleep(50);
                        }
                    }
                    return null;
                });
            }
        }
        if (refused.sum() > 0) {
            out.printf("  (%d placements were refused with 503 and sent again)%n", refused.sum());
        }
        return placed.sum();
    }

    private static long resume(SystemApi api, URI service, String part) throws IOException, InterruptedException {
        long started = System.nanoTime();
        api.messaging(service, part, "resume");
        return started;
    }

    private interface Gauge {
        Optional<Double> read() throws Exception;
    }

    private static void awaitZero(Gauge gauge) throws Exception {
        long deadline = System.nanoTime() + STAGE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Double> value = gauge.read();
            if (value.isPresent() && value.get() == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("A stage did not finish within " + STAGE_TIMEOUT);
    }

    private static Optional<Double> totalLag(SystemApi api, String group) throws InterruptedException {
        return api.lag(group).map(lags -> (double) lags.values().stream().mapToLong(Long::longValue).sum());
    }

    private static double since(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
