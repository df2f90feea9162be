package io.orderflow.localrun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

import io.orderflow.harness.ChildProcess;

/**
 * Runs one node of the local run's Kafka in KRaft mode (broker and controller in one JVM) as its own process: the
 * single node, or one of the three of a cluster ({@link KafkaLayout}).
 */
final class KafkaBroker {

    private static final String LOG4J2_CONFIG = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Configuration status="WARN">
              <Appenders>
                <Console name="stderr" target="SYSTEM_ERR">
                  <PatternLayout pattern="[%d] %p %m (%c)%n"/>
                </Console>
              </Appenders>
              <Loggers>
                <Logger name="kafka.request.logger" level="WARN"/>
                <Logger name="org.apache.kafka.clients" level="WARN"/>
                <Root level="INFO"><AppenderRef ref="stderr"/></Root>
              </Loggers>
            </Configuration>
            """;

    private final LocalSettings settings;
    private final KafkaLayout layout;
    private final KafkaLayout.Node node;
    private final KafkaAccess access;

    /** Runs the single node of the state folder's one-broker Kafka. */
    KafkaBroker(LocalSettings settings) {
        this(settings, KafkaLayout.resolve(settings, 1), 1);
    }

    KafkaBroker(LocalSettings settings, KafkaLayout layout, int nodeId) {
        this.settings = settings;
        this.layout = layout;
        this.node = layout.node(nodeId);
        this.access = KafkaAccess.loadOrCreate(settings.stateDir());
    }

    /** Writes the node's configuration, formats its storage on the first run, and starts it without waiting. */
    ChildProcess start() {
        layout.save();
        Path properties = writeConfiguration();
        Path logFile = layout.logFile(settings, node);
        if (!Files.exists(node.dataDir().resolve("meta.properties"))) {
            format(properties, logFile);
        }
        List<String> command = javaCommand("kafka.Kafka", properties.toString());
        return ChildProcess.start(node.name(), command, Map.of(), settings.stateDir(), logFile);
    }

    /**
     * Waits until the single node answers a {@code describeCluster}, then makes the topics, users and ACLs of
     * {@link KafkaAccess}; fails when the broker dies or {@code timeout} passes.
     */
    void awaitReady(ChildProcess broker, Duration timeout) throws InterruptedException {
        awaitNodes(settings, layout, Map.of(node.id(), broker), true, timeout);
    }

    /**
     * Waits until every node of {@code processes} is a live broker of the cluster (registered and unfenced), then,
     * when {@code apply}, makes the topics, users and ACLs of {@link KafkaAccess}; fails when one of them dies or
     * {@code timeout} passes.
     */
    static void awaitNodes(LocalSettings settings, KafkaLayout layout, Map<Integer, ChildProcess> processes,
            boolean apply, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        KafkaAccess access = KafkaAccess.loadOrCreate(settings.stateDir());
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, layout.bootstrapServers());
        config.putAll(access.clientSettings(KafkaAccess.ADMIN));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250);
        try (Admin admin = Admin.create(config)) {
            Exception lastFailure = null;
            while (true) {
                for (ChildProcess process : processes.values()) {
                    if (!process.isAlive()) {
                        throw new StartupFailure(process.name() + " stopped while starting", process);
                    }
                }
                try {
                    Set<Integer> live = admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).stream()
                            .map(Node::id).collect(Collectors.toSet());
                    if (live.containsAll(processes.keySet())) {
                        if (apply) {
                            access.apply(admin, layout);
                        }
                        return;
                    }
                }
                catch (Exception notYet) {
                    // the nodes are still coming up; each step of apply may be repeated
                    lastFailure = notYet;
                }
                if (System.nanoTime() > deadline) {
                    ChildProcess first = processes.values().iterator().next();
                    throw new StartupFailure("Kafka node(s) " + processes.keySet() + " did not answer"
                            + (apply ? ", or refused their topics, users and ACLs," : "") + " within "
                            + timeout.toSeconds() + " s" + (lastFailure == null ? "" : ": " + lastFailure), first);
                }
                Thread.sleep(200);
            }
        }
    }

    private void format(Path properties, Path logFile) {
        List<String> command = javaCommand("kafka.tools.StorageTool", "format", "-c", properties.toString());
        command.addAll(layout.formatArguments(node));
        command.addAll(access.formatArguments());
        ChildProcess formatter = ChildProcess.start(node.name() + "-storage-format", command, Map.of(),
                settings.stateDir(), logFile);
        try {
            int exitCode = formatter.waitFor(Duration.ofSeconds(60));
            if (exitCode != 0) {
                throw new StartupFailure("Formatting the storage of " + node.name() + " failed (exit code "
                        + exitCode + ")", formatter);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new StartupFailure("Interrupted while formatting the storage of " + node.name(), formatter);
        }
    }

    private List<String> javaCommand(String mainClass, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(LocalSettings.javaCommand());
        command.addAll(settings.kafkaJavaOptions());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Djava.awt.headless=true");
        command.add("-Djava.io.tmpdir=" + settings.tmpDir());
        command.add("-Dlog4j2.configurationFile=" + settings.configDir().resolve("kafka-log4j2.xml"));
        command.add("-cp");
        command.add(settings.launcherJar().toString());
        command.add(mainClass);
        command.addAll(List.of(arguments));
        return command;
    }

    private Path writeConfiguration() {
        List<String> lines = new ArrayList<>();
        lines.add("# written by ./orderflow on every start; edits are lost (it holds the admin password: owner only)");
        lines.addAll(layout.serverProperties(node));
        lines.addAll(access.brokerProperties());
        lines.add("");
        String properties = String.join(System.lineSeparator(), lines);
        try {
            Files.createDirectories(settings.configDir());
            Files.createDirectories(settings.tmpDir());
            Files.writeString(settings.configDir().resolve("kafka-log4j2.xml"), LOG4J2_CONFIG);
            Path file = layout.configFile(settings, node);
            GeneratedPasswords.writeOwnerOnly(file, properties);
            return file;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not write the configuration of " + node.name(), ex);
        }
    }
}
