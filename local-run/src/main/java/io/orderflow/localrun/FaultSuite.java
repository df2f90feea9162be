package io.orderflow.localrun;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

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
    private JsonHttp http;
    private final Set<String> told = new LinkedHashSet<>();
    private final List<Row> rows = new ArrayList<>();
    /** Every record injected as bad, as {@code topic-partition@offset}. */
    private final Set<String> injectedBad = new HashSet<>();
    /** The records injected as bad since their dead-letter topic was last made: these it must hold. */
    private final Set<String> requiredDeadLetters = new HashSet<>();
    private int productBatch;

    /**
     * One line of the fault table.
     *
     * @param recovery from the end of the fault until the system had settled
     * @param failedRequests the load's failed requests by kind ({@link FailedRequests}); graceful-restart allows none
     */
    record Row(int round, String fault, String injected, int orders, int resends, Duration recovery,
            List<Auditor.Verdict> verdicts, List<String> loadFailures, Map<String, Integer> failedRequests) {

        boolean passed() {
            return loadFailures.isEmpty() && verdicts.stream().allMatch(Auditor.Verdict::held)
                    && (!fault.equals(GracefulRestart.FAULT) || failedRequestCount() == 0);
        }

        int failedRequestCount() {
            return failedRequests.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    FaultSuite(LocalSettings settings, FaultOptions options, long launchedAtMillis) {
        this.settings = settings;
        this.options = options;
        this.system = new LocalSystem(settings, ServiceInstance.plan(settings, Map.of()), launchedAtMillis,
                options.brokers());
    }

    /** Starts the system, runs every fault of every round, prints the table, and tells whether every row passed. */
    boolean run() throws Exception {
        System.out.println("Fault suite: " + options.faults() + ", " + options.rounds() + " round(s), "
                + options.orders() + " orders at " + options.perSecond() + "/s per fault, " + options.brokers()
                + " broker(s); state in " + settings.stateDir());
        system.startForFaults();
        // the start cleans the state folder, the issuer's key with it: sign only once the new key is in place
        http = new JsonHttp(LocalIssuer.toolToken(settings));
        try {
            for (int round = 1; round <= options.rounds(); round++) {
                for (String fault : options.faults()) {
                    Row row = inject(round, fault);
                    rows.add(row);
                    print(row);
                }
            }
        }
        finally {
            system.stop();
        }
        System.out.println();
        System.out.println(table());
        boolean passed = rows.stream().allMatch(Row::passed);
        System.out.println(passed ? "Every invariant held after every fault." : "SOME INVARIANTS BROKE: see above.");
        return passed;
    }

    private Row inject(int round, String fault) throws Exception {
        List<String> skus = createProducts();
        String runId = "faults-" + round + "-" + fault + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> orderUrls = new ArrayList<>(List.of(urlOf("order-service")));
        if (fault.equals("extra-instances")) {
            system.startInstance(extra("inventory-service"), List.of());
            system.startInstance(extra("order-service"), List.of());
            orderUrls.add(extra("order-service").baseUrl());
        }
        GracefulRestart rolling = new GracefulRestart(system, ServiceInstance.DEFAULT_PORTS.keySet().stream()
                .map(this::extra).toList());
        if (fault.equals(GracefulRestart.FAULT)) {
            rolling.addSecondInstances();
            orderUrls = rolling.orderUrls();
        }
        if (fault.equals("slow-listener")) {
            system.stopInstance("inventory-service");
            system.startInstance(instance("inventory-service"),
                    List.of("--spring.kafka.consumer.properties.max.poll.interval.ms=10000"));
        }
        FaultLoad load = new FaultLoad(orderUrls, skus, runId, LocalIssuer.toolToken(settings));
        Duration loadTime = Duration.ofMillis((long) (options.orders() / options.perSecond() * 1000));
        CompletableFuture<FaultLoad.Outcome> outcome = fault.equals("replay") ? null : CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return load.run(FaultOptions.loadsUntilDone(fault) ? FaultLoad.UNTIL_STOPPED : options.orders(),
                                options.perSecond());
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(ex);
                    }
                });
        BrokerFaults brokers = new BrokerFaults(system, this::admin);
        String injected;
        try {
            injected = switch (fault) {
                case "kill-order-service", "kill-inventory-service", "kill-notification-service" ->
                        killRepeatedly(fault.substring("kill-".length()), loadTime);
                case "broker-restart" -> restartBroker(loadTime, false);
                case "broker-kill" -> restartBroker(loadTime, true);
                case "postgres-stop" -> stopPostgres(loadTime);
                case "extra-instances" -> addAndRemoveInstances(loadTime);
                case "smtp-outage" -> stopMail(loadTime);
                case "slow-listener" -> slowListener(loadTime);
                case "replay" -> replay();
                case "kill-everything" -> killEverything(loadTime);
                case "dlt-unwritable" -> deadLetterTopicGone(loadTime);
                case GracefulRestart.FAULT -> rolling.run(load);
                case "broker-leader-kill" -> afterRandomly(loadTime.dividedBy(2), brokers::killLeader);
                case "broker-rolling-restart" -> afterRandomly(loadTime.dividedBy(2), brokers::rollingRestart);
                default -> throw new IllegalArgumentException(fault);
            };
        }
        finally {
            if (FaultOptions.loadsUntilDone(fault)) {
                load.stopPlacing();
            }
        }
        long faultEnded = System.nanoTime();
        FaultLoad.Outcome result = outcome == null ? FaultLoad.Outcome.none() : outcome.join();
        told.addAll(result.told());
        Auditor auditor = auditor();
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        List<Auditor.Verdict> verdicts;
        // settled: quiet three times in a row, then audited; a verdict read while the system still moves (an e-mail
        // on its way, a consumer rejoining its group) is read again until the settle timeout
        do {
            awaitQuiet(auditor, deadline);
            verdicts = auditor.audit(new Auditor.Expectations(told,
                    Auditor.DeadLetters.of(injectedBad, requiredDeadLetters), PENDING_TIMEOUT,
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
        return new Row(round, fault, injected, result.told().size(), result.resends(), recovery, verdicts, failures,
                result.failedRequests());
    }

    private String killRepeatedly(String service, Duration loadTime) throws Exception {
        int kills = 2;
        for (int i = 0; i < kills; i++) {
            sleepRandomly(loadTime.dividedBy(kills + 1));
            system.killInstance(service);
            system.startInstance(instance(service), List.of());
        }
        return "kill -9 of " + service + " ×" + kills + ", each restarted";
    }

    private String restartBroker(Duration loadTime, boolean crash) throws Exception {
        sleepRandomly(loadTime.dividedBy(2));
        system.stopKafka(crash);
        Thread.sleep(3000);
        system.startKafka();
        int brokers = system.kafkaLayout().size();
        return (crash ? "kill -9" : "SIGTERM") + (brokers == 1 ? " of the broker" : " of all " + brokers + " brokers")
                + ", restarted after 3 s";
    }

    private interface Fault {
        String inject() throws Exception;
    }

    private static String afterRandomly(Duration atMost, Fault fault) throws Exception {
        sleepRandomly(atMost);
        return fault.inject();
    }

    private String stopPostgres(Duration loadTime) throws Exception {
        sleepRandomly(loadTime.dividedBy(2));
        system.stopPostgresImmediately();
        Thread.sleep(options.postgresOutage());
        system.startPostgres();
        return "PostgreSQL immediate shutdown for " + options.postgresOutage().toSeconds() + " s";
    }

    private String addAndRemoveInstances(Duration loadTime) throws Exception {
        sleepRandomly(loadTime.dividedBy(2));
        system.stopInstance(extra("inventory-service").name());
        system.killInstance(extra("order-service").name());
        system.removeInstance(extra("inventory-service"));
        system.removeInstance(extra("order-service"));
        return "inventory-service-2 and order-service-2 added, then SIGTERM and kill -9";
    }

    private String stopMail(Duration loadTime) throws Exception {
        sleepRandomly(loadTime.dividedBy(4));
        system.stopMail();
        Thread.sleep(options.smtpOutage());
        system.startMail();
        return "mail server down for " + options.smtpOutage().toSeconds() + " s";
    }

    private String slowListener(Duration loadTime) throws Exception {
        sleepRandomly(loadTime.dividedBy(3));
        // every product locked: the listener's poll waits for the locks longer than max.poll.interval.ms
        try (Connection connection = DriverManager.getConnection(system.database().jdbcUrl("inventory"),
                system.database().admin().username(), system.database().admin().password())) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT sku FROM product FOR UPDATE");
                Thread.sleep(20_000);
            }
            connection.rollback();
        }
        system.stopInstance("inventory-service");
        system.startInstance(instance("inventory-service"), List.of());
        return "inventory-service's poll blocked 20 s with max.poll.interval.ms = 10 s";
    }

    private String replay() throws Exception {
        awaitQuiet();
        String before = inventorySnapshot();
        String group = "inventory-replay-" + UUID.randomUUID().toString().substring(0, 8);
        ServiceInstance replayer = extra("inventory-service");
        system.startInstance(replayer, List.of("--orderflow.inventory.consumer-group=" + group));
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline && groupLag(group) != 0) {
            Thread.sleep(1000);
        }
        system.stopInstance(replayer.name());
        system.removeInstance(replayer);
        String after = inventorySnapshot();
        if (!before.equals(after)) {
            throw new IllegalStateException("A replay of order-events changed inventory's state");
        }
        return "order-events replayed from the earliest offset into new group " + group + ": state unchanged";
    }

    private String killEverything(Duration loadTime) throws Exception {
        sleepRandomly(loadTime.dividedBy(2));
        for (ServiceInstance instance : system.instances()) {
            system.killInstance(instance.name());
        }
        system.stopKafka(true);
        ProcessHandle postmaster = system.database().postmaster().orElseThrow();
        List<ProcessHandle> backends = postmaster.descendants().toList();
        postmaster.destroyForcibly();
        backends.forEach(ProcessHandle::destroyForcibly);
        LocalSystem.awaitGone(postmaster, Duration.ofSeconds(30));
        for (ProcessHandle backend : backends) {
            LocalSystem.awaitGone(backend, Duration.ofSeconds(30));
        }
        system.database().releaseAfterCrash();
        Thread.sleep(2000);
        system.startPostgres();
        system.startKafka();
        for (ServiceInstance instance : system.instances()) {
            system.startInstance(instance, List.of());
        }
        return "kill -9 of every process, then a restart";
    }

    private String deadLetterTopicGone(Duration loadTime) throws Exception {
        sleepRandomly(loadTime.dividedBy(3));
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of("order-events.DLT")).all().get(30, TimeUnit.SECONDS);
            // the dead letters of earlier rounds went with the topic
            requiredDeadLetters.removeIf(origin -> origin.startsWith("order-events-"));
            UUID order = UUID.randomUUID();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(),
                    new StringSerializer(), new ByteArraySerializer())) {
                ProducerRecord<String, byte[]> poison = new ProducerRecord<>("order-events", order.toString(),
                        "{not json".getBytes(StandardCharsets.UTF_8));
                poison.headers().add("ce_specversion", bytes("1.0"))
                        .add("ce_id", bytes(UUID.randomUUID().toString()))
                        .add("ce_type", bytes("io.orderflow.OrderPlaced"))
                        .add("ce_source", bytes("/fault-suite"))
                        .add("ce_subject", bytes(order.toString()))
                        .add("content-type", bytes("application/json"));
                RecordMetadata sent = producer.send(poison).get(30, TimeUnit.SECONDS);
                // inventory-service dead-letters it; notification-service skips OrderPlaced on its header
                String origin = sent.topic() + "-" + sent.partition() + "@" + sent.offset();
                injectedBad.add(origin);
                requiredDeadLetters.add(origin);
            }
            Thread.sleep(20_000);
            admin.createTopics(List.of(system.kafkaLayout().newTopic("order-events.DLT"))).all()
                    .get(30, TimeUnit.SECONDS);
        }
        return "order-events.DLT deleted for 20 s while a poison record waited for it";
    }

    private void awaitQuiet() throws InterruptedException {
        awaitQuiet(auditor(), System.nanoTime() + SETTLE_TIMEOUT.toNanos());
    }

    private static void awaitQuiet(Auditor auditor, long deadline) throws InterruptedException {
        int quietInARow = 0;
        while (quietInARow < 3 && System.nanoTime() < deadline) {
            quietInARow = auditor.isQuiet() ? quietInARow + 1 : 0;
            Thread.sleep(1000);
        }
    }

    private long groupLag(String group) {
        try (Admin admin = admin()) {
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            if (committed.isEmpty()) {
                return -1;
            }
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                    new LinkedHashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, org.apache.kafka.clients.admin.OffsetSpec.latest()));
            long lag = 0;
            for (var end : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                lag += Math.max(0, end.getValue().offset() - committed.get(end.getKey()).offset());
            }
            return committed.size() < 6 ? -1 : lag;
        }
        catch (Exception notYet) {
            return -1;
        }
    }

    /** Returns inventory's stock, ledger and reservations as text, to compare before and after a replay. */
    private String inventorySnapshot() throws Exception {
        StringBuilder snapshot = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(system.database().jdbcUrl("inventory"),
                system.database().admin().username(), system.database().admin().password());
             Statement statement = connection.createStatement()) {
            for (String query : List.of(
                    "SELECT sku, available, reserved FROM product ORDER BY sku",
                    "SELECT order_id, status, rejection_reason FROM order_ledger ORDER BY order_id",
                    "SELECT order_id, sku, quantity FROM reservation ORDER BY order_id, sku",
                    "SELECT count(*) FROM outbox_event")) {
                try (ResultSet rs = statement.executeQuery(query)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int column = 1; column <= columns; column++) {
                            snapshot.append(rs.getString(column)).append(' ');
                        }
                        snapshot.append('\n');
                    }
                }
            }
        }
        return snapshot.toString();
    }

    private List<String> createProducts() throws Exception {
        productBatch++;
        List<String> skus = new ArrayList<>();
        String prefix = "F" + productBatch + "-" + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 1; i <= 8; i++) {
            String sku = prefix + "-" + i;
            JsonHttp.Answer answer = http.post(urlOf("inventory-service") + "/api/products", Map.of("sku", sku,
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

    private Properties producerConfig() {
        Properties config = adminKafka().clientProperties();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    private ServiceInstance instance(String name) {
        return system.instances().stream().filter(instance -> instance.name().equals(name)).findFirst()
                .orElseThrow();
    }

    private ServiceInstance extra(String service) {
        ServiceInstance first = ServiceInstance.plan(settings, Map.of()).stream()
                .filter(instance -> instance.service().equals(service)).findFirst().orElseThrow();
        return new ServiceInstance(service, 2, first.port() + ServiceInstance.PORT_STEP, first.database());
    }

    private String urlOf(String name) {
        return instance(name).baseUrl();
    }

    private static void sleepRandomly(Duration atMost) throws InterruptedException {
        long millis = Math.max(1, atMost.toMillis());
        Thread.sleep(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static void print(Row row) {
        System.out.printf("%n[round %d] %s: %s; %d orders told, %d resends, %d failed requests %s, settled %.1f s "
                + "after the fault%n", row.round(), row.fault(), row.injected(), row.orders(), row.resends(),
                row.failedRequestCount(), row.failedRequests(), row.recovery().toMillis() / 1000.0);
        row.verdicts().forEach(verdict -> System.out.println("  " + verdict));
        row.loadFailures().stream().limit(5).forEach(failure -> System.out.println("  load: " + failure));
    }

    /** Returns the fault table, in Markdown, as the README shows it. */
    String table() {
        StringBuilder table = new StringBuilder(
                "| Round | Fault | Injected | Load | Orders | Resends | Failed requests | Settled after | I1 | I2 | I3 | I4 "
                        + "| I5 | I6 |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            table.append("| ").append(row.round()).append(" | ").append(row.fault()).append(" | ")
                    .append(row.injected()).append(" | ")
                    .append(row.fault().equals("replay") ? "none" : (FaultOptions.loadsUntilDone(row.fault())
                            ? "until done" : options.orders()) + " at " + (int) options.perSecond() + "/s")
                    .append(" | ").append(row.orders()).append(" | ").append(row.resends()).append(" | ")
                    .append(row.failedRequestCount()).append(" | ")
                    .append(String.format("%.0f s", row.recovery().toMillis() / 1000.0)).append(" |");
            for (Auditor.Verdict verdict : row.verdicts()) {
                table.append(verdict.held() ? " held |" : " **broken** |");
            }
            table.append('\n');
        }
        return table.toString();
    }
}
