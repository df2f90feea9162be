package io.orderflow.localrun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Starts the whole system on loopback (PostgreSQL, Kafka, the mail catcher, the services), waits until it is healthy,
 * and stops everything it started, in order, when the launcher is asked to stop or start-up fails.
 */
final class LocalSystem {

    private static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(20);
    /** a JVM that records its AOT cache writes it as it exits, which takes a while on a small machine */
    private static final Duration AOT_RECORDING_STOP_GRACE = Duration.ofMinutes(3);

    private final LocalSettings settings;
    private final List<ServiceInstance> instances = new CopyOnWriteArrayList<>();
    private final Set<ChildProcess> expectedExits = ConcurrentHashMap.newKeySet();
    private final ProcessRegistry registry;
    private final long launchedAtMillis;
    private final Integer requestedBrokers;
    private final List<ChildProcess> services = new CopyOnWriteArrayList<>();
    // held while one part starts, so that a stop never misses a process that was being started
    private final ReentrantLock startLock = new ReentrantLock();
    private volatile boolean stopping;
    private MailCatcher mail;
    private KafkaCluster kafka;
    private Database database;

    /**
     * @param requestedBrokers the Kafka node count asked for (1 or 3), or null for the state folder's (one if new)
     */
    LocalSystem(LocalSettings settings, List<ServiceInstance> instances, long launchedAtMillis,
            Integer requestedBrokers) {
        this.settings = settings;
        this.instances.addAll(instances);
        this.registry = new ProcessRegistry(settings.stateDir());
        this.launchedAtMillis = launchedAtMillis;
        this.requestedBrokers = requestedBrokers;
    }

    /** Starts everything, prints where it runs, and blocks until the launcher is stopped. */
    void run(boolean clean) throws Exception {
        // first, so that leftovers of a killed launcher are stopped before their ports are checked
        registry.claim();
        if (clean) {
            deleteRecursively(settings.stateDir());
            registry.claim();
            System.out.println("  Deleted " + settings.stateDir() + " (--clean)");
        }
        kafka = new KafkaCluster(settings, KafkaLayout.resolve(settings, requestedBrokers), registry);
        requirePortsFree();
        Files.createDirectories(settings.logsDir());
        Files.createDirectories(settings.tmpDir());
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "orderflow-stop"));
        try {
            start();
        }
        catch (StartupFailure ex) {
            if (stopping) {
                throw new InterruptedException("stopping");
            }
            throw ex;
        }
        new CountDownLatch(1).await();
    }

    /**
     * Starts everything from an empty state folder and returns once every service is healthy, for the fault suite,
     * which then drives the processes with the methods below. {@link #stop()} stops what is left.
     */
    void startForFaults() throws Exception {
        registry.claim();
        deleteRecursively(settings.stateDir());
        registry.claim();
        kafka = new KafkaCluster(settings, KafkaLayout.resolve(settings, requestedBrokers), registry);
        requirePortsFree();
        Files.createDirectories(settings.logsDir());
        Files.createDirectories(settings.tmpDir());
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "orderflow-stop"));
        start();
    }

    List<ServiceInstance> instances() {
        return List.copyOf(instances);
    }

    Database database() {
        return database;
    }

    KafkaLayout kafkaLayout() {
        return kafka.layout();
    }

    /** Ends an instance at once (SIGKILL), as a crash would. */
    void killInstance(String name) {
        ChildProcess process = processOf(name);
        expectedExits.add(process);
        process.handle().destroyForcibly();
        process.awaitStop(Duration.ofSeconds(10));
        services.remove(process);
    }

    /**
     * Stops an instance as an orchestrator would (SIGTERM, then the grace period), and tells whether it stopped by
     * itself within the grace period.
     */
    boolean stopInstance(String name) {
        ChildProcess process = processOf(name);
        boolean recording = instances.stream().anyMatch(instance -> instance.name().equals(name)
                && instance.recordsAotCache(settings));
        expectedExits.add(process);
        process.requestStop();
        boolean stopped = process.awaitStop(recording ? AOT_RECORDING_STOP_GRACE : SERVICE_STOP_GRACE);
        services.remove(process);
        return stopped;
    }

    /** Starts an instance, new or one that was stopped, with extra Spring arguments, and waits until it is healthy. */
    void startInstance(ServiceInstance instance, List<String> arguments) throws Exception {
        if (!instances.contains(instance)) {
            instances.add(instance);
        }
        ChildProcess process = instance.start(settings, database, kafka.layout().bootstrapServers(),
                settings.smtpPort(), arguments);
        services.add(process);
        registry.record(instance.name(), process.handle());
        process.handle().onExit().thenRun(() -> reportUnexpectedExit(process));
        awaitHealthy(List.of(instance));
    }

    /** Forgets an instance that was stopped for good. */
    void removeInstance(ServiceInstance instance) {
        instances.remove(instance);
    }

    /** Stops every Kafka node: gracefully (SIGTERM), or at once (SIGKILL) when {@code crash}. */
    void stopKafka(boolean crash) {
        kafka.stopAll(crash);
    }

    /** Starts every Kafka node again on its data and waits until they answer. */
    void startKafka() throws Exception {
        kafka.launch();
        kafka.awaitReady(kafkaStartTimeout());
    }

    /** Stops one Kafka node: gracefully (SIGTERM, a controlled shutdown), or at once (SIGKILL) when {@code crash}. */
    void stopBroker(int node, boolean crash) {
        kafka.stop(node, crash);
    }

    /** Starts one Kafka node again on its data and waits until it is a live broker of the cluster again. */
    void startBroker(int node) throws Exception {
        kafka.start(node, kafkaStartTimeout());
    }

    private Duration kafkaStartTimeout() {
        return Duration.ofSeconds(kafka.layout().size() == 1 ? 90 : 150);
    }

    /** Stops the embedded PostgreSQL with an immediate shutdown (SIGQUIT to the postmaster): no checkpoint, a crash. */
    void stopPostgresImmediately() throws Exception {
        ProcessHandle postmaster = database.postmaster()
                .orElseThrow(() -> new IllegalStateException("only the embedded PostgreSQL can be stopped"));
        new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster.pid())).inheritIO().start().waitFor();
        awaitGone(postmaster, Duration.ofSeconds(30));
        database.releaseAfterCrash();
    }

    /**
     * Waits until a process that is not this JVM's child has exited. Its exit cannot be awaited like a child's, and it
     * may linger as a zombie of a parent that never reaps it: that counts as gone.
     */
    static void awaitGone(ProcessHandle process, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
                if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
                    return;
                }
            }
            catch (IOException gone) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("process " + process.pid() + " still runs after " + timeout.toSeconds() + " s");
    }

    /** Starts the embedded PostgreSQL again on its data; it recovers from its WAL. */
    void startPostgres() throws Exception {
        database = Database.start(settings);
        database.postmaster().ifPresent(postmaster -> registry.record("postgres", postmaster));
    }

    /** Stops the mail catcher; mail sent meanwhile fails to connect. */
    void stopMail() {
        mail.close();
    }

    /** Starts the mail catcher again, empty. */
    void startMail() throws Exception {
        mail = MailCatcher.start(settings.smtpPort(), settings.mailPagePort());
    }

    private void start() throws Exception {
        step("Mail catcher up", () -> mail = MailCatcher.start(settings.smtpPort(), settings.mailPagePort()));
        step(kafka.layout().size() == 1 ? "Kafka launched" : "Kafka launched: " + kafka.layout().size()
                + " KRaft nodes", kafka::launch);
        step(settings.externalDatabaseUrlPrefix() == null ? "PostgreSQL up" : "External PostgreSQL reached", () -> {
            database = Database.start(settings);
            database.postmaster().ifPresent(postmaster -> registry.record("postgres", postmaster));
        });
        long kafkaWaitStarted = System.nanoTime();
        kafka.awaitReady(kafkaStartTimeout());
        System.out.printf("  Kafka ready on %s (%.1f s)%n", kafka.layout().bootstrapServers(),
                (System.nanoTime() - kafkaWaitStarted) / 1e9);

        if (settings.aotCacheEnabled()) {
            extractForAotRecording();
        }
        for (ServiceInstance instance : instances) {
            step(null, () -> {
                ChildProcess process = instance.start(settings, database, kafka.layout().bootstrapServers(),
                        settings.smtpPort());
                services.add(process);
                registry.record(instance.name(), process.handle());
                process.handle().onExit().thenRun(() -> reportUnexpectedExit(process));
            });
        }
        System.out.println("  Started " + instances.size() + " service instances; waiting for /actuator/health...");
        awaitHealthy();
        double secondsToHealthy = (System.currentTimeMillis() - launchedAtMillis) / 1000.0;
        seedCatalogueOnFirstRun();
        trainAotRecordings();
        printSummary(secondsToHealthy);
    }

    /**
     * Extracts, all at once, the jar of every service whose AOT cache is missing or older than its jar, so that its
     * first instance records the cache ({@link AotCache}). Runs once per build.
     */
    private void extractForAotRecording() throws Exception {
        List<ServiceInstance> stale = instances.stream()
                .filter(instance -> instance.number() == 1 && !instance.aotCache(settings).isFresh())
                .toList();
        Map<ServiceInstance, ChildProcess> extractions = new LinkedHashMap<>();
        for (ServiceInstance instance : stale) {
            step(null, () -> extractions.put(instance, instance.aotCache(settings).startExtraction(
                    settings.stateDir(), settings.logsDir().resolve(instance.service() + "-aot.log"))));
        }
        for (Map.Entry<ServiceInstance, ChildProcess> extraction : extractions.entrySet()) {
            extraction.getKey().aotCache(settings).awaitExtraction(extraction.getValue());
        }
    }

    /**
     * Drives the training workload through the services that record their AOT cache, and says when the cache is
     * written.
     */
    private void trainAotRecordings() throws Exception {
        List<String> recording = instances.stream().filter(instance -> instance.recordsAotCache(settings))
                .map(ServiceInstance::service).toList();
        if (recording.isEmpty()) {
            return;
        }
        try {
            step("AOT training workload of " + recording, () -> new AotTraining(settings).run());
        }
        catch (InterruptedException stopping) {
            throw stopping;
        }
        catch (Exception ex) {
            // the cache then holds start-up and whatever runs until the stop: slower to warm up, not wrong
            System.out.println("  The AOT training workload did not finish (" + ex.getMessage() + ")");
        }
        System.out.println("  The AOT caches of " + recording + " are written when Orderflow stops; every later start "
                + "uses them (once per build)");
    }

    private interface Step {
        void run() throws Exception;
    }

    private void step(String label, Step step) throws Exception {
        long started = System.nanoTime();
        startLock.lock();
        try {
            if (stopping) {
                throw new InterruptedException("stopping");
            }
            step.run();
        }
        finally {
            startLock.unlock();
        }
        if (label != null) {
            System.out.printf("  %s (%.1f s)%n", label, (System.nanoTime() - started) / 1e9);
        }
    }

    private void requirePortsFree() {
        Set<Integer> ports = new LinkedHashSet<>();
        instances.forEach(instance -> ports.add(instance.port()));
        for (KafkaLayout.Node node : kafka.layout().nodes()) {
            ports.add(node.port());
            ports.add(node.controllerPort());
        }
        ports.add(settings.smtpPort());
        ports.add(settings.mailPagePort());
        if (settings.externalDatabaseUrlPrefix() == null) {
            ports.add(settings.postgresPort());
        }
        List<Integer> busy = ports.stream().filter(port -> !isFree(port)).toList();
        if (!busy.isEmpty()) {
            throw new StartupFailure("Port(s) " + busy + " already in use. Is Orderflow (or docker compose) already "
                    + "running? Stop it, or move ports with ORDERFLOW_<NAME>_PORT (see local-run/README.md)", null);
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LocalSettings.LOOPBACK, port));
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    private void awaitHealthy() throws InterruptedException {
        awaitHealthy(instances);
    }

    private void awaitHealthy(List<ServiceInstance> starting) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Duration timeout = settings.healthTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ServiceInstance> waiting = new ArrayList<>(starting);
        while (!waiting.isEmpty()) {
            for (ServiceInstance instance : List.copyOf(waiting)) {
                ChildProcess process = processOf(instance);
                if (!process.isAlive()) {
                    throw new StartupFailure(instance.name() + " exited with code " + process.exitCode()
                            + " while starting", process);
                }
                if (isUp(client, instance)) {
                    waiting.remove(instance);
                    System.out.printf("  %-24s UP  (%.1f s)%n", instance.name(),
                            (System.currentTimeMillis() - launchedAtMillis) / 1000.0);
                }
            }
            if (!waiting.isEmpty() && System.nanoTime() > deadline) {
                ServiceInstance late = waiting.getFirst();
                throw new StartupFailure(late.name() + " was not healthy within " + timeout.toSeconds()
                        + " s (ORDERFLOW_HEALTH_TIMEOUT_SECONDS)", processOf(late));
            }
            if (!waiting.isEmpty()) {
                Thread.sleep(500);
            }
        }
    }

    private ChildProcess processOf(ServiceInstance instance) {
        return processOf(instance.name());
    }

    private ChildProcess processOf(String name) {
        return services.stream().filter(process -> process.name().equals(name)).findFirst().orElseThrow();
    }

    private static boolean isUp(HttpClient client, ServiceInstance instance) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://" + LocalSettings.LOOPBACK + ":" + instance.port() + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    && JsonHttp.JSON.readTree(response.body()).path("status").asText().equals("UP");
        }
        catch (IOException notYet) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void seedCatalogueOnFirstRun() {
        Path marker = settings.stateDir().resolve("catalogue-seeded");
        if (Files.exists(marker)) {
            return;
        }
        ServiceInstance inventory = instances.stream()
                .filter(instance -> instance.service().equals("inventory-service")).findFirst().orElseThrow();
        try {
            int created = DemoCatalogue.create(new JsonHttp(LocalIssuer.toolToken(settings)), inventory.baseUrl());
            Files.writeString(marker, "created " + created + " products\n");
            System.out.println("  Seeded the demo catalogue: " + created + " products (SKU-1 to SKU-6)");
        }
        catch (Exception ex) {
            System.out.println("  Could not seed the demo catalogue (" + ex.getMessage() + "); ./orderflow demo "
                    + "creates it too");
        }
    }

    private void printSummary(double secondsToHealthy) {
        Path root = settings.projectRoot();
        Map<String, String> rows = new LinkedHashMap<>();
        for (ServiceInstance instance : instances) {
            rows.put(instance.name(), instance.baseUrl() + "   API " + instance.baseUrl() + "/v3/api-docs   log "
                    + relative(root, settings.logsDir().resolve(instance.name() + ".log")));
        }
        rows.put("mail (read it here)", "http://localhost:" + settings.mailPagePort() + "   JSON /api/messages   SMTP "
                + LocalSettings.LOOPBACK + ":" + settings.smtpPort());
        KafkaLayout layout = kafka.layout();
        rows.put("Kafka bootstrap", layout.bootstrapServers() + "   log" + (layout.size() == 1 ? " " : "s ")
                + String.join(" ", layout.nodes().stream()
                        .map(node -> relative(root, layout.logFile(settings, node))).toList())
                + (layout.size() == 1 ? "" : "   RF " + layout.replicationFactor() + ", min ISR "
                        + layout.minInSyncReplicas()));
        rows.put("PostgreSQL", database.jdbcUrl("{" + String.join(",", LocalSettings.DATABASES) + "}")
                + (database.isEmbedded() ? "   roles per service, passwords in "
                        + relative(root, settings.stateDir().resolve("postgres-passwords.properties"))
                        : "   user " + database.admin().username()));
        System.out.println();
        System.out.printf("Orderflow is up: all healthy %.1f s after ./orderflow started. State: %s%n",
                secondsToHealthy, relative(root, settings.stateDir()));
        rows.forEach((name, value) -> System.out.printf("  %-24s %s%n", name, value));
        System.out.println();
        System.out.println("Try ./orderflow demo, watch with ./orderflow tail order-events, stop with Ctrl-C.");
    }

    private static String relative(Path root, Path path) {
        return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
    }

    private void reportUnexpectedExit(ChildProcess process) {
        if (!stopping && !expectedExits.contains(process)) {
            System.out.println(process.name() + " exited unexpectedly; last lines of " + process.logFile() + ":");
            System.out.println(process.logTail(20));
        }
    }

    /** Stops the services, then Kafka, then PostgreSQL, then the mail catcher. Runs as the shutdown hook. */
    void stop() {
        startLock.lock();
        try {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        finally {
            startLock.unlock();
        }
        System.out.println("Stopping Orderflow...");
        Set<String> recording = new HashSet<>();
        instances.stream().filter(instance -> instance.recordsAotCache(settings))
                .forEach(instance -> recording.add(instance.name()));
        if (!recording.isEmpty()) {
            System.out.println("  Writing the AOT caches of " + recording + " (once per build)...");
        }
        services.forEach(ChildProcess::requestStop);
        services.forEach(process -> process.awaitStop(
                recording.contains(process.name()) ? AOT_RECORDING_STOP_GRACE : SERVICE_STOP_GRACE));
        if (kafka != null) {
            kafka.stopAll(false);
        }
        if (database != null) {
            try {
                database.close();
            }
            catch (RuntimeException ex) {
                System.out.println("PostgreSQL: " + ex.getMessage());
            }
        }
        if (mail != null) {
            mail.close();
        }
        registry.clear();
        System.out.println("Stopped; data kept in " + settings.stateDir());
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not delete " + dir, ex);
        }
    }
}
