package io.orderflow.localrun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

import io.orderflow.harness.PropertiesFile;

/**
 * Describes the local run's Kafka: one KRaft node (broker and controller in one JVM), or three that form one cluster
 * with a three-voter controller quorum, every topic (internal ones too) on three replicas and written to two in-sync
 * replicas at least. It says where each node listens and keeps its data, and what its server properties and storage
 * format arguments are. A state folder's layout is kept in {@code <state>/kafka-cluster.properties}: the node count,
 * the cluster id and each node's metadata directory id, with which every node's storage is formatted.
 */
final class KafkaLayout {

    static final List<Integer> SIZES = List.of(1, 3);
    static final int PARTITIONS = 6;
    /** Separates the ports of the nodes: 9092, 9094, 9096 for clients and 9093, 9095, 9097 for the controllers. */
    static final int PORT_STEP = 2;
    static final String FILE = "kafka-cluster.properties";

    /**
     * One node: a broker and a controller in one JVM.
     *
     * @param id the node id, 1 to the node count
     * @param name its process and log name: {@code kafka} alone, {@code kafka-1} to {@code kafka-3} in a cluster
     * @param port the client listener's port
     * @param controllerPort the controller listener's port
     * @param dataDir its log directory, which holds the metadata log too
     */
    record Node(int id, String name, int port, int controllerPort, Path dataDir) {

        String address() {
            return LocalSettings.LOOPBACK + ":" + port;
        }

        String controllerAddress() {
            return LocalSettings.LOOPBACK + ":" + controllerPort;
        }
    }

    private final List<Node> nodes;
    private final String clusterId;
    private final Map<Integer, String> directoryIds;
    private final Path file;

    private KafkaLayout(LocalSettings settings, int size, String clusterId, Map<Integer, String> directoryIds) {
        if (!SIZES.contains(size)) {
            throw new LocalRun.UsageError("Kafka runs with 1 or 3 brokers, not " + size);
        }
        List<Node> planned = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            planned.add(size == 1
                    ? new Node(1, "kafka", settings.kafkaPort(), settings.kafkaControllerPort(),
                            settings.stateDir().resolve("kafka"))
                    : new Node(id, "kafka-" + id,
                            settings.port("kafka-" + id, settings.kafkaPort() + PORT_STEP * (id - 1)),
                            settings.port("kafka-" + id + "-controller",
                                    settings.kafkaControllerPort() + PORT_STEP * (id - 1)),
                            settings.stateDir().resolve("kafka-" + id)));
        }
        Set<Integer> ports = new HashSet<>();
        planned.forEach(node -> {
            if (!ports.add(node.port()) || !ports.add(node.controllerPort())) {
                throw new LocalRun.UsageError("The Kafka nodes' ports overlap: " + planned.stream()
                        .map(n -> n.port() + "/" + n.controllerPort()).toList()
                        + "; set ORDERFLOW_KAFKA_<N>_PORT and ORDERFLOW_KAFKA_<N>_CONTROLLER_PORT apart");
            }
        });
        this.nodes = List.copyOf(planned);
        this.clusterId = clusterId;
        this.directoryIds = Map.copyOf(directoryIds);
        this.file = settings.stateDir().resolve(FILE);
    }

    /** Returns a new layout of {@code size} nodes, with a new cluster id and new directory ids. */
    static KafkaLayout of(LocalSettings settings, int size) {
        Map<Integer, String> directoryIds = new LinkedHashMap<>();
        for (int id = 1; id <= size; id++) {
            directoryIds.put(id, Uuid.randomUuid().toString());
        }
        return new KafkaLayout(settings, size, Uuid.randomUuid().toString(), directoryIds);
    }

    /**
     * Returns the layout of the state folder: the recorded one, or one node for a folder whose Kafka predates the
     * record, or {@code requested} nodes (one if null) for a folder without Kafka data.
     *
     * @param requested the node count asked for, or null to take the folder's
     * @throws StartupFailure if the folder holds a Kafka of another node count than {@code requested}
     */
    static KafkaLayout resolve(LocalSettings settings, Integer requested) {
        Path file = settings.stateDir().resolve(FILE);
        if (Files.exists(file)) {
            Properties recorded = PropertiesFile.read(file);
            int size = Integer.parseInt(recorded.getProperty("brokers", "1").trim());
            requireSize(settings, size, requested);
            Map<Integer, String> directoryIds = new LinkedHashMap<>();
            for (int id = 1; id <= size; id++) {
                directoryIds.put(id, recorded.getProperty("directory.id." + id, ""));
            }
            return new KafkaLayout(settings, size, recorded.getProperty("cluster.id", ""), directoryIds);
        }
        if (Files.exists(settings.stateDir().resolve("kafka/meta.properties"))) {
            requireSize(settings, 1, requested);
            return of(settings, 1);
        }
        return of(settings, requested == null ? 1 : requested);
    }

    private static void requireSize(LocalSettings settings, int size, Integer requested) {
        if (requested != null && requested != size) {
            throw new StartupFailure(settings.stateDir() + " holds a Kafka of " + size + " broker(s); --brokers "
                    + requested + " needs a new one: add --clean (deletes all local data) or set another "
                    + "ORDERFLOW_HOME", null);
        }
    }

    /** Records the layout in the state folder, unless it is recorded already. */
    void save() {
        if (Files.exists(file)) {
            return;
        }
        Properties recorded = new Properties();
        recorded.setProperty("brokers", Integer.toString(size()));
        recorded.setProperty("cluster.id", clusterId);
        directoryIds.forEach((id, directory) -> recorded.setProperty("directory.id." + id, directory));
        StringWriter text = new StringWriter();
        try {
            recorded.store(text, "The local run's Kafka: node count, cluster id, metadata directory ids (written once)");
            Files.createDirectories(file.getParent());
            Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not write " + file, ex);
        }
    }

    int size() {
        return nodes.size();
    }

    List<Node> nodes() {
        return nodes;
    }

    Node node(int id) {
        return nodes.get(id - 1);
    }

    /** Returns every node's client address, comma-separated, as clients take them. */
    String bootstrapServers() {
        return nodes.stream().map(Node::address).collect(Collectors.joining(","));
    }

    /** Returns 3 in a cluster: every topic has a replica on every node. */
    short replicationFactor() {
        return (short) Math.min(3, size());
    }

    /** Returns 2 in a cluster: with {@code acks=all}, a write is on two nodes at least before it is acknowledged. */
    int minInSyncReplicas() {
        return size() == 1 ? 1 : 2;
    }

    /** Returns a topic of this Kafka: six partitions, this layout's replication factor and minimum in-sync replicas. */
    NewTopic newTopic(String name) {
        NewTopic topic = new NewTopic(name, PARTITIONS, replicationFactor());
        return size() == 1 ? topic : topic.configs(Map.of("min.insync.replicas", Integer.toString(minInSyncReplicas())));
    }

    /** Returns the server properties of {@code node} other than its security settings. */
    List<String> serverProperties(Node node) {
        String rf = Short.toString(replicationFactor());
        String minIsr = Integer.toString(minInSyncReplicas());
        return List.of(
                "process.roles=broker,controller",
                "node.id=" + node.id(),
                "controller.quorum.bootstrap.servers="
                        + nodes.stream().map(Node::controllerAddress).collect(Collectors.joining(",")),
                "listeners=CLIENT://" + node.address() + ",CONTROLLER://" + node.controllerAddress(),
                "advertised.listeners=CLIENT://" + node.address(),
                "controller.listener.names=CONTROLLER",
                "log.dirs=" + node.dataDir(),
                "num.partitions=" + PARTITIONS,
                "default.replication.factor=" + rf,
                "min.insync.replicas=" + minIsr,
                "offsets.topic.replication.factor=" + rf,
                "offsets.topic.num.partitions=" + PARTITIONS,
                "transaction.state.log.replication.factor=" + rf,
                "transaction.state.log.min.isr=" + minIsr,
                "transaction.state.log.num.partitions=" + PARTITIONS,
                "share.coordinator.state.topic.replication.factor=" + rf,
                "share.coordinator.state.topic.min.isr=" + minIsr,
                "unclean.leader.election.enable=false",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false");
    }

    /**
     * Returns the storage tool's arguments that format {@code node} into this cluster: one node is a standalone
     * dynamic quorum; in a cluster every node is formatted with the same three initial controllers, each with the
     * directory id of its metadata log.
     */
    List<String> formatArguments(Node node) {
        if (size() == 1) {
            return List.of("-t", clusterId, "--standalone");
        }
        return List.of("-t", clusterId, "--initial-controllers", nodes.stream()
                .map(each -> each.id() + "@" + each.controllerAddress() + ":" + directoryIds.get(each.id()))
                .collect(Collectors.joining(",")));
    }

    /** Returns the node's log file, in the logs folder. */
    Path logFile(LocalSettings settings, Node node) {
        return settings.logsDir().resolve(node.name() + ".log");
    }

    /** Returns the node's server properties file, in the config folder. */
    Path configFile(LocalSettings settings, Node node) {
        return settings.configDir().resolve(node.name() + "-server.properties");
    }
}
