package io.orderflow.localrun;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.orderflow.harness.ChildProcess;

/**
 * Runs the nodes of the local run's Kafka ({@link KafkaLayout}) as processes: all together, as the launcher starts and
 * stops them, or one at a time, as the fault suite breaks them.
 */
final class KafkaCluster {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final LocalSettings settings;
    private final KafkaLayout layout;
    private final ProcessRegistry registry;
    private final Map<Integer, ChildProcess> running = new ConcurrentHashMap<>();

    KafkaCluster(LocalSettings settings, KafkaLayout layout, ProcessRegistry registry) {
        this.settings = settings;
        this.layout = layout;
        this.registry = registry;
    }

    KafkaLayout layout() {
        return layout;
    }

    /** Starts every node, formatting the storage of a new one, without waiting: a quorum needs them together. */
    void launch() {
        for (KafkaLayout.Node node : layout.nodes()) {
            launch(node.id());
        }
    }

    /** Waits until every node is a live broker, then makes the topics, users and ACLs. */
    void awaitReady(Duration timeout) throws InterruptedException {
        KafkaBroker.awaitNodes(settings, layout, Map.copyOf(running), true, timeout);
    }

    /** Starts one node again on its data and waits until it is a live broker of the cluster again. */
    void start(int node, Duration timeout) throws InterruptedException {
        ChildProcess process = launch(node);
        KafkaBroker.awaitNodes(settings, layout, Map.of(node, process), false, timeout);
    }

    /** Stops one node: gracefully (SIGTERM, a controlled shutdown), or at once (SIGKILL) when {@code crash}. */
    void stop(int node, boolean crash) {
        ChildProcess process = running.remove(node);
        if (process == null) {
            return;
        }
        if (crash) {
            process.handle().destroyForcibly();
        }
        else {
            process.requestStop();
        }
        process.awaitStop(STOP_GRACE);
    }

    /**
     * Stops every node at once, so that the controllers, which live in the same JVMs, still form a quorum while each
     * broker's controlled shutdown asks them to move its leaderships.
     */
    void stopAll(boolean crash) {
        Map<Integer, ChildProcess> stopping = new LinkedHashMap<>(running);
        running.clear();
        for (ChildProcess process : stopping.values()) {
            if (crash) {
                process.handle().destroyForcibly();
            }
            else {
                process.requestStop();
            }
        }
        stopping.values().forEach(process -> process.awaitStop(STOP_GRACE));
    }

    /** Returns the processes of the nodes that run. */
    List<ChildProcess> processes() {
        return List.copyOf(running.values());
    }

    private ChildProcess launch(int node) {
        ChildProcess process = new KafkaBroker(settings, layout, node).start();
        running.put(node, process);
        registry.record(process.name(), process.handle());
        return process;
    }
}
