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
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/** Runs a real single-node Kafka broker in KRaft mode (broker and controller) as its own JVM. */
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
    private final Path dataDir;
    private final KafkaAccess access;

    KafkaBroker(LocalSettings settings) {
        this.settings = settings;
        this.dataDir = settings.stateDir().resolve("kafka");
        this.access = KafkaAccess.loadOrCreate(settings.stateDir());
    }

    /** Writes the broker's configuration, formats its storage on the first run, and starts it without waiting. */
    ChildProcess start() {
        Path properties = writeConfiguration();
        Path logFile = settings.logsDir().resolve("kafka.log");
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            format(properties, logFile);
        }
        List<String> command = javaCommand("kafka.Kafka", properties.toString());
        return ChildProcess.start("kafka", command, Map.of(), settings.stateDir(), logFile);
    }

    /**
     * Waits until the broker answers a {@code describeCluster}, then makes the topics, users and ACLs of
     * {@link KafkaAccess}; fails when the broker dies or {@code timeout} passes.
     */
    void awaitReady(ChildProcess broker, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalSettings.LOOPBACK + ":" + settings.kafkaPort());
        config.putAll(access.clientSettings(KafkaAccess.ADMIN));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250);
        try (Admin admin = Admin.create(config)) {
            Exception lastFailure = null;
            while (true) {
                if (!broker.isAlive()) {
                    throw new StartupFailure("Kafka stopped while starting", broker);
                }
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        access.apply(admin);
                        return;
                    }
                }
                catch (Exception notYet) {
                    // the broker is still coming up; each step of apply may be repeated
                    lastFailure = notYet;
                }
                if (System.nanoTime() > deadline) {
                    throw new StartupFailure("Kafka did not answer, or refused its topics, users and ACLs, within "
                            + timeout.toSeconds() + " s" + (lastFailure == null ? "" : ": " + lastFailure), broker);
                }
                Thread.sleep(200);
            }
        }
    }

    private void format(Path properties, Path logFile) {
        List<String> command = javaCommand("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", properties.toString(), "--standalone");
        command.addAll(access.formatArguments());
        ChildProcess formatter = ChildProcess.start("kafka-storage-format", command, Map.of(), settings.stateDir(),
                logFile);
        try {
            int exitCode = formatter.waitFor(Duration.ofSeconds(60));
            if (exitCode != 0) {
                throw new StartupFailure("Formatting Kafka's storage failed (exit code " + exitCode + ")", formatter);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new StartupFailure("Interrupted while formatting Kafka's storage", formatter);
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
        String host = LocalSettings.LOOPBACK;
        int port = settings.kafkaPort();
        int controllerPort = settings.kafkaControllerPort();
        List<String> lines = new ArrayList<>(List.of(
                "# written by ./orderflow on every start; edits are lost (it holds the admin password: owner only)",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=" + host + ":" + controllerPort,
                "listeners=CLIENT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort,
                "advertised.listeners=CLIENT://" + host + ":" + port,
                "controller.listener.names=CONTROLLER",
                "log.dirs=" + dataDir,
                "num.partitions=6",
                "default.replication.factor=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=6",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false"));
        lines.addAll(access.brokerProperties());
        lines.add("");
        String properties = String.join(System.lineSeparator(), lines);
        try {
            Files.createDirectories(settings.configDir());
            Files.createDirectories(settings.tmpDir());
            Files.writeString(settings.configDir().resolve("kafka-log4j2.xml"), LOG4J2_CONFIG);
            Path file = settings.configDir().resolve("kafka-server.properties");
            GeneratedPasswords.writeOwnerOnly(file, properties);
            return file;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not write Kafka's configuration", ex);
        }
    }
}
