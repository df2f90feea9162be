package io.orderflow.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.orderflow.harness.ChildProcess;

/**
 * Starts the local run's broker as {@code ./orderflow run} does (SASL listeners, SCRAM users, ACLs) and checks who may
 * do what there. Runs after {@code package} (failsafe): the broker runs from the launcher's jar.
 */
class KafkaAccessTests {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir
    static Path state;

    private static LocalSettings settings;
    private static ChildProcess broker;

    @BeforeAll
    static void startTheLocalRunsBroker() throws Exception {
        assumeTrue(Files.isRegularFile(ROOT.resolve("local-run/target/orderflow-local-run.jar")),
                "the launcher's jar is missing: build from the project root (mvn verify)");
        settings = new LocalSettings(ROOT, state, Map.of("ORDERFLOW_KAFKA_PORT", Integer.toString(freePort()),
                "ORDERFLOW_KAFKA_CONTROLLER_PORT", Integer.toString(freePort())));
        KafkaBroker kafka = new KafkaBroker(settings);
        broker = kafka.start();
        kafka.awaitReady(broker, Duration.ofSeconds(120));
    }

    @AfterAll
    static void stopTheBroker() {
        if (broker != null) {
            broker.requestStop();
            broker.awaitStop(Duration.ofSeconds(30));
        }
    }

    @Test
    void aClientWithoutCredentialsCannotConnect() {
        Properties anonymous = new Properties();
        anonymous.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrapServers());
        anonymous.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        anonymous.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        try (Admin admin = Admin.create(anonymous)) {
            assertThatExceptionOfType(Exception.class)
                    .isThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aClientWithAWrongPasswordIsRefused() {
        Map<String, String> login = Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512", SaslConfigs.SASL_JAAS_CONFIG,
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"order_service\""
                        + " password=\"guess\";");
        try (Admin admin = Admin.create(new KafkaEndpoint(settings.kafkaBootstrapServers(), login)
                .clientProperties())) {
            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .withCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void orderServiceWritesOrderEventsButIsRefusedInventoryEvents() throws Exception {
        try (KafkaProducer<String, String> orderService = producer(KafkaAccess.ORDER_SERVICE)) {
            send(orderService, "order-events");

            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> send(orderService, "inventory-events"))
                    .withCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void theViewerReadsEveryTopicButWritesNone() {
        try (KafkaProducer<String, String> viewer = producer(KafkaAccess.VIEWER)) {
            assertThatExceptionOfType(ExecutionException.class)
                    .isThrownBy(() -> send(viewer, "order-events"))
                    // its idempotent producer may not even get a producer id: it may write no topic at all
                    .withCauseInstanceOf(AuthorizationException.class);
        }
    }

    @Test
    void inventoryServiceCannotConsumeInTheGroupOfOrderService() {
        Properties config = KafkaEndpoint.of(settings, KafkaAccess.INVENTORY_SERVICE).clientProperties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "order-service");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("order-events"));
            assertThatExceptionOfType(GroupAuthorizationException.class)
                    .isThrownBy(() -> {
                        for (int i = 0; i < 20; i++) {
                            consumer.poll(Duration.ofMillis(500));
                        }
                    });
        }
    }

    @Test
    void eachServiceGetsItsOwnLoginFromTheLauncher() {
        Map<String, String> environment = KafkaAccess.loadOrCreate(state).serviceEnvironment("inventory-service");

        assertThat(environment).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                .containsEntry("KAFKA_USERNAME", "inventory_service").containsKey("KAFKA_PASSWORD");
    }

    private static void send(KafkaProducer<String, String> producer, String topic) throws Exception {
        producer.send(new ProducerRecord<>(topic, "order-1", "{}")).get(10, TimeUnit.SECONDS);
    }

    private static KafkaProducer<String, String> producer(String user) {
        Properties config = KafkaEndpoint.of(settings, user).clientProperties();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
