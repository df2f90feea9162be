package io.orderflow.localrun;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import io.orderflow.harness.JsonClient;

/**
 * Runs Orderflow on this machine and breaks it on purpose, one fault at a time, under a bounded load on loopback:
 * after each fault it waits until the system has settled and asks the {@link Auditor} whether every promise held.
 * {@code ./orderflow faults} runs it; it exits with 1 if any invariant broke.
 */
final class FaultSuite {

    private static final Duration PENDING_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(12);

    private final LocalSettings settings;
    private final FaultOptions options;
    private final LocalSystem system;
    private JsonClient http;
    private final Set<String> told = new LinkedHashSet<>();
    private final List<FaultTable.Row> rows = new ArrayList<>();
    private final ProcessFaults processes;
    private final MessageFaults messages;
    private int productBatch;

    FaultSuite(LocalSettings settings, FaultOptions options, long launchedAtMillis) {
        this.settings = settings;
        this.options = options;
        this.system = new LocalSystem(settings, ServiceInstance.plan(settings, Map.of()), launchedAtMillis,
                options.brokers());
        this.processes = new ProcessFaults(system, options, settings);
        this.messages = new MessageFaults(system, settings, this::adminKafka, this::admin);
    }

    /** Starts the system, runs every fault of every round, prints the table, and tells whether every row passed. */
    boolean run() throws Exception {
        System.out.println("Fault suite: " + options.faults() + ", " + options.rounds() + " round(s), "
                + options.orders() + " orders at " + options.perSecond() + "/s per fault, " + options.brokers()
                + " broker(s); state in " + settings.stateDir());
        system.startForFaults();
        // the start cleans the state folder, the issuer's key with it: sign only once the new key is in place
        http = new JsonClient(LocalIssuer.toolToken(settings));
        try {
            for (int round = 1; round <= options.rounds(); round++) {
                for (String fault : options.faults()) {
                    FaultTable.Row row = inject(round, fault);
                    rows.add(row);
                    FaultTable.print(row);
                }
            }
        }
        finally {
            system.stop();
        }
        System.out.println();
        System.out.println(table());
        boolean passed = rows.stream().allMatch(FaultTable.Row::passed);
        System.out.println(passed ? "Every invariant held after every fault." : "SOME INVARIANTS BROKE: see above.");
        return passed;
    }

    private FaultTable.Row inject(int round, String fault) throws Exception {
        List<String> skus = createProducts();
        String runId = "faults-" + round + "-" + fault + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> orderUrls = new ArrayList<>(List.of(urlOf("order-service")));
        if (fault.equals("extra-instances")) {
            orderUrls.addAll(processes.addInstances());
        }
        GracefulRestart rolling = new GracefulRestart(system, ServiceInstance.DEFAULT_PORTS.keySet().stream()
                .map(service -> ServiceInstance.second(settings, service)).toList());
        if (fault.equals(GracefulRestart.FAULT)) {
            rolling.addSecondInstances();
            orderUrls = rolling.orderUrls();
        }
        if (fault.equals("slow-listener")) {
            processes.shortenPollInterval();
        }
        FaultLoad load = new FaultLoad(orderUrls, skus, runId, LocalIssuer.toolToken(settings));
        Duration loadTime = Duration.ofMillis((long) (options.orders() / options.perSecond() * 1000));
        // its own thread, not the common pool: the load blocks for the whole fault, and a process's onExit runs there
        FutureTask<FaultLoad.Outcome> outcome = fault.equals("replay") ? null : new FutureTask<>(() -> load.run(
                FaultOptions.loadsUntilDone(fault) ? FaultLoad.UNTIL_STOPPED : options.orders(), options.perSecond()));
        if (outcome != null) {
            Thread.ofPlatform().name("fault-load").daemon().start(outcome);
        }
        BrokerFaults brokers = new BrokerFaults(system, this::admin);
        String injected;
        try {
            injected = switch (fault) {
                case "kill-order-service", "kill-inventory-service", "kill-notification-service" ->
                        processes.killRepeatedly(fault.substring("kill-".length()), loadTime);
                case "broker-restart" -> processes.restartBroker(loadTime, false);
                case "broker-kill" -> processes.restartBroker(loadTime, true);
                case "postgres-stop" -> processes.stopPostgres(loadTime);
                case "extra-instances" -> processes.removeInstances(loadTime);
                case "smtp-outage" -> processes.stopMail(loadTime);
                case "slow-listener" -> processes.slowListener(loadTime);
                case "replay" -> messages.replay(() -> {
                    awaitQuiet(auditor(), System.nanoTime() + SETTLE_TIMEOUT.toNanos());
                    return "";
                });
                case "kill-everything" -> processes.killEverything(loadTime);
                case "dlt-unwritable" -> messages.deadLetterTopicGone(loadTime);
                case GracefulRestart.FAULT -> rolling.run(load);
                case "broker-leader-kill" -> ProcessFaults.afterRandomly(loadTime.dividedBy(2), brokers::killLeader);
                case "broker-rolling-restart" ->
                        ProcessFaults.afterRandomly(loadTime.dividedBy(2), brokers::rollingRestart);
                default -> throw new IllegalArgumentException(fault);
            };
        }
        finally {
            if (FaultOptions.loadsUntilDone(fault)) {
                load.stopPlacing();
            }
        }
        long faultEnded = System.nanoTime();
        FaultLoad.Outcome result = outcome == null ? FaultLoad.Outcome.none() : loadOutcome(outcome);
        load.close();
        told.addAll(result.told());
        Auditor auditor = auditor();
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        List<Auditor.Verdict> verdicts;
        // settled: quiet three times in a row, then audited; a verdict read while the system still moves (an e-mail
        // on its way, a consumer rejoining its group) is read again until the settle timeout
        do {
            awaitQuiet(auditor, deadline);
            verdicts = auditor.audit(new Auditor.Expectations(told,
                    messages.expectedDeadLetters(), PENDING_TIMEOUT,
                    system.instances().stream().map(ServiceInstance::baseUrl).toList()));
        }
        while (!verdicts.stream().allMatch(Auditor.Verdict::held) && System.nanoTime() < deadline);
        Duration recovery = Duration.ofNanos(System.nanoTime() - faultEnded);
        List<String> failures = new ArrayList<>(result.failures());
        failures.addAll(rolling.problems());
        if (fault.equals(GracefulRestart.FAULT)) {
            failures.addAll(result.failedRequestSamples().stream().map(sample -> "failed request: " + sample)
                    .toList());
        }
        return new FaultTable.Row(round, fault, injected, result.told().size(), result.resends(), recovery, verdicts,
                failures, result.failedRequests());
    }

    private static FaultLoad.Outcome loadOutcome(FutureTask<FaultLoad.Outcome> load) throws InterruptedException {
        try {
            return load.get();
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException("The fault load failed", ex.getCause());
        }
    }

    private static void awaitQuiet(Auditor auditor, long deadline) throws InterruptedException {
        int quietInARow = 0;
        while (quietInARow < 3 && System.nanoTime() < deadline) {
            quietInARow = auditor.isQuiet() ? quietInARow + 1 : 0;
            Thread.sleep(1000);
        }
    }

    private List<String> createProducts() throws Exception {
        productBatch++;
        List<String> skus = new ArrayList<>();
        String prefix = "F" + productBatch + "-" + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 1; i <= 8; i++) {
            String sku = prefix + "-" + i;
            JsonClient.Answer answer = http.post(urlOf("inventory-service") + "/api/products", Map.of("sku", sku,
                    "name", "Fault suite product " + i, "unitPrice", new BigDecimal("4.50"), "stock", 120));
            if (answer.status() != 201) {
                throw new IllegalStateException("Could not create product " + sku + ": " + answer.status() + " "
                        + answer.body());
            }
            skus.add(sku);
        }
        return skus;
    }

    private Auditor auditor() {
        Database database = system.database();
        return new Auditor(database::jdbcUrl, database.admin().username(), database.admin().password(),
                adminKafka(), LocalIssuer.toolToken(settings));
    }

    /** Returns the harness's broker login; read when needed, because a clean start makes new passwords. */
    private KafkaEndpoint adminKafka() {
        return KafkaEndpoint.of(settings, KafkaAccess.ADMIN);
    }

    private Admin admin() {
        Properties config = adminKafka().clientProperties();
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "orderflow-fault-suite");
        return Admin.create(config);
    }

    private String urlOf(String name) {
        return system.instance(name).baseUrl();
    }

    /** Returns the fault table, in Markdown, as the documentation shows it. */
    String table() {
        return FaultTable.render(rows, options);
    }
}
