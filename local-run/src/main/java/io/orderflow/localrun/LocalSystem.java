package io.orderflow.localrun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import io.orderflow.harness.ChildProcess;

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
    private final AotRecording aot;
    private volatile boolean stopping;
    private Infrastructure infrastructure;

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
        this.aot = new AotRecording(settings, this::step);
    }

    /** Starts everything, prints where it runs, and blocks until the launcher is stopped. */
    void run(boolean clean) throws Exception {
        prepare(clean);
        if (clean) {
            System.out.println("  Deleted " + settings.stateDir() + " (--clean)");
        }
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
        prepare(true);
        start();
    }

    /** Claims the state folder, emptied when {@code clean}, checks the ports and installs the stop on exit. */
    private void prepare(boolean clean) throws IOException {
        // first, so that leftovers of a killed launcher are stopped before their ports are checked
        registry.claim();
        if (clean) {
            deleteRecursively(settings.stateDir());
            registry.claim();
        }
        infrastructure = new Infrastructure(settings, KafkaLayout.resolve(settings, requestedBrokers), registry);
        LocalPorts.requireFree(settings, instances, infrastructure.kafkaLayout());
        Files.createDirectories(settings.logsDir());
        Files.createDirectories(settings.tmpDir());
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "orderflow-stop"));
    }

    List<ServiceInstance> instances() {
        return List.copyOf(instances);
    }

    /** Returns the instance named {@code name}, such as {@code inventory-service-2}. */
    ServiceInstance instance(String name) {
        return instances.stream().filter(instance -> instance.name().equals(name)).findFirst().orElseThrow();
    }

    Database database() {
        return infrastructure.database();
    }

    KafkaLayout kafkaLayout() {
        return infrastructure.kafkaLayout();
    }

    /** Returns the mail catcher, Kafka and PostgreSQL, which the fault suite stops and starts. */
    Infrastructure infrastructure() {
        return infrastructure;
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
        watch(instance, instance.start(settings, database(), kafkaLayout().bootstrapServers(), settings.smtpPort(),
                arguments));
        awaitHealthy(List.of(instance));
    }

    /** Forgets an instance that was stopped for good. */
    void removeInstance(ServiceInstance instance) {
        instances.remove(instance);
    }

    private void start() throws Exception {
        infrastructure.start(this::step);
        if (settings.aotCacheRecorded()) {
            aot.extractStale(instances);
        }
        for (ServiceInstance instance : instances) {
            step(null, () -> watch(instance, instance.start(settings, database(), kafkaLayout().bootstrapServers(),
                    settings.smtpPort())));
        }
        System.out.println("  Started " + instances.size() + " service instances; waiting for /actuator/health...");
        awaitHealthy();
        double secondsToHealthy = (System.currentTimeMillis() - launchedAtMillis) / 1000.0;
        DemoCatalogue.seedOnFirstRun(settings, instances);
        aot.train(instances);
        StartupSummary.print(settings, instances, kafkaLayout(), database(), secondsToHealthy);
    }

    /** One step of the start. */
    interface Step {
        void run() throws Exception;
    }

    /** Runs labelled steps of the start; a null label prints nothing. */
    interface Steps {
        void run(String label, Step step) throws Exception;
    }

    /** Runs a step under the start lock, unless the launcher is stopping, and prints how long a labelled one took. */
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

    private void awaitHealthy() throws InterruptedException {
        awaitHealthy(instances);
    }

    private void awaitHealthy(List<ServiceInstance> starting) throws InterruptedException {
        new ServiceHealth(settings.healthTimeout(), launchedAtMillis).await(starting, this::processOf);
    }

    private ChildProcess processOf(ServiceInstance instance) {
        return processOf(instance.name());
    }

    private ChildProcess processOf(String name) {
        return services.stream().filter(process -> process.name().equals(name)).findFirst().orElseThrow();
    }

    /** Keeps a started instance's process: stopped with the rest, recorded for the ops commands, its exit reported. */
    private void watch(ServiceInstance instance, ChildProcess process) {
        services.add(process);
        registry.record(instance.name(), process.handle());
        process.whenExited(() -> reportUnexpectedExit(process));
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
        if (infrastructure != null) {
            infrastructure.stop();
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
