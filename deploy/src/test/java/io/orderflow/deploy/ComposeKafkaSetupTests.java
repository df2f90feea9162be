package io.orderflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs docker compose's broker settings and its kafka-setup job without a Docker engine: a broker from the Kafka jars
 * gets the server properties that the apache/kafka image would make of the compose file's environment (only the
 * addresses and the data folder differ), and deploy/kafka/setup.sh runs against it with the Kafka command-line tools
 * of the same jars, as the job would, with the compose file's default passwords.
 */
class ComposeKafkaSetupTests {

    private static final Path REPO_ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize()
            .getParent();
    private static final Pattern DEFAULTED_VARIABLE = Pattern.compile("\\$\\{[A-Z0-9_]+:-([^}]*)}");
    private static final Map<String, String> TOOLS = Map.of(
            "kafka-topics.sh", "org.apache.kafka.tools.TopicCommand",
            "kafka-configs.sh", "kafka.admin.ConfigCommand",
            "kafka-acls.sh", "org.apache.kafka.tools.AclCommand");

    @TempDir
    static Path work;

    private static Process broker;
    private static String bootstrap;
    private static Map<String, String> setupEnvironment;

    @BeforeAll
    static void startTheComposeBrokerAndRunTheSetupJob() throws Exception {
        JsonNode services = new YAMLMapper().readTree(REPO_ROOT.resolve("docker-compose.yml").toFile())
                .path("services");
        int clientPort = freePort();
        int hostPort = freePort();
        int controllerPort = freePort();
        bootstrap = "127.0.0.1:" + clientPort;

        Map<String, String> brokerEnvironment = environment(services.path("kafka"));
        Properties server = new Properties();
        brokerEnvironment.forEach((name, value) -> {
            if (name.startsWith("KAFKA_") && !name.equals("KAFKA_HEAP_OPTS")) {
                server.setProperty(name.substring("KAFKA_".length()).toLowerCase().replace("_", ".")
                        .replace("...", "-").replace("..", "_"), value);
            }
        });
        server.setProperty("listeners", "INTERNAL://127.0.0.1:" + clientPort + ",EXTERNAL://127.0.0.1:" + hostPort
                + ",CONTROLLER://127.0.0.1:" + controllerPort);
        server.setProperty("advertised.listeners", "INTERNAL://" + bootstrap + ",EXTERNAL://127.0.0.1:" + hostPort);
        server.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        server.setProperty("log.dirs", work.resolve("data").toString());
        Path serverProperties = work.resolve("server.properties");
        try (var out = Files.newBufferedWriter(serverProperties)) {
            server.store(out, "docker-compose.yml's kafka environment, as the apache/kafka image writes it");
        }

        Path log = work.resolve("kafka.log");
        Process format = java(List.of("kafka.tools.StorageTool", "format",
                "--cluster-id=" + brokerEnvironment.get("CLUSTER_ID"), "-c", serverProperties.toString()), log)
                .start();
        assertThat(format.waitFor(60, TimeUnit.SECONDS) && format.exitValue() == 0)
                .as("storage formatted; see %s", log).isTrue();
        broker = java(List.of("kafka.Kafka", serverProperties.toString()), log).start();
        awaitPort(clientPort, Duration.ofSeconds(60));

        Path bin = Files.createDirectories(work.resolve("bin"));
        for (Map.Entry<String, String> tool : TOOLS.entrySet()) {
            Path script = bin.resolve(tool.getKey());
            // one class-data archive for setup.sh's 27 tool runs, written by the first; it takes jars only
            Files.writeString(script, "#!/bin/sh\nexec '" + javaCommand() + "' -Xmx128m -XX:TieredStopAtLevel=1"
                    + " -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile='" + work.resolve("tools.jsa") + "'"
                    + " -Xlog:cds=off -cp '" + jarsOfTheClassPath() + "' " + tool.getValue() + " \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        setupEnvironment = environment(services.path("kafka-setup"));
        ProcessBuilder setup = new ProcessBuilder("bash", REPO_ROOT.resolve("deploy/kafka/setup.sh").toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("setup.log").toFile());
        setup.environment().putAll(setupEnvironment);
        setup.environment().put("KAFKA_BIN", bin.toString());
        setup.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        Process job = setup.start();
        boolean done = job.waitFor(5, TimeUnit.MINUTES);
        assertThat(done && job.exitValue() == 0).as("setup.sh completed: %s",
                Files.readString(work.resolve("setup.log"))).isTrue();
    }

    @AfterAll
    static void stopTheBroker() throws InterruptedException {
        if (broker != null) {
            broker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theSetupJobCreatesTheTopicsThatTheServicesMayNotCreate() throws Exception {
        try (Admin admin = Admin.create(login("orderflow_ops", setupEnvironment.get("OPS_KAFKA_PASSWORD")))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("order-events",
                    "inventory-events", "order-events.DLT", "inventory-events.DLT");
        }
    }

    @Test
    void orderServiceWritesItsOwnTopicAndIsRefusedAnotherServicesTopic() throws Exception {
        Properties orderService = login("order_service", setupEnvironment.get("ORDER_SERVICE_KAFKA_PASSWORD"));
        try (var producer = producer(orderService)) {
            producer.send(new ProducerRecord<>("order-events", "order-1", "{}")).get(30, TimeUnit.SECONDS);
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("inventory-events", "order-1", "{}"))
                    .get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void kafkaUiReadsTheTopicsButMayNotWriteThem() throws Exception {
        Properties kafkaUi = login("kafka_ui", setupEnvironment.get("KAFKA_UI_KAFKA_PASSWORD"));
        try (var consumer = new KafkaConsumer<>(kafkaUi, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition("order-events", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            consumer.poll(Duration.ofSeconds(2));
            assertThat(consumer.position(partition)).isGreaterThanOrEqualTo(0);
        }
        try (var producer = producer(kafkaUi)) {
            // refused before the topic is reached: a user who may write no topic may not start a producer session;
            // the refusal fails the send itself when it has come back before the send, else the send's future
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("order-events", "order-1", "{}"))
                    .get(30, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(AuthorizationException.class);
        }
    }

    @Test
    void aClientWithoutCredentialsCannotConnect() {
        Properties anonymous = new Properties();
        anonymous.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        anonymous.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        anonymous.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin admin = Admin.create(anonymous)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    private static Properties login(String user, String password) {
        Properties config = new Properties();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        config.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        config.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"" + user + "\" password=\"" + password + "\";");
        config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }

    private static KafkaProducer<String, String> producer(Properties login) {
        Properties config = new Properties();
        config.putAll(login);
        config.remove(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** The service's environment with every ${NAME:-default} replaced by its default and $$ by $. */
    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        service.path("environment").properties().forEach(entry -> {
            Matcher matcher = DEFAULTED_VARIABLE.matcher(entry.getValue().asText());
            env.put(entry.getKey(), matcher.replaceAll(match -> Matcher.quoteReplacement(match.group(1)))
                    .replace("$$", "$"));
        });
        return env;
    }

    private static ProcessBuilder java(List<String> mainAndArguments, Path log) {
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-Xms128m", "-Xmx384m", "-cp",
                System.getProperty("java.class.path")));
        command.addAll(mainAndArguments);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    private static String jarsOfTheClassPath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar")).collect(Collectors.joining(File.pathSeparator));
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitPort(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            }
            catch (IOException notYet) {
                if (System.nanoTime() > deadline || !broker.isAlive()) {
                    throw new UncheckedIOException("The broker did not listen on " + port, notYet);
                }
                Thread.sleep(200);
            }
        }
    }
}
