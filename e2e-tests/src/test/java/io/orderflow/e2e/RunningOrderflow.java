package io.orderflow.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import io.orderflow.harness.JsonClient;
import io.orderflow.testsupport.TestInfrastructure;
import io.orderflow.testsupport.TestPostgres;
import io.orderflow.testsupport.TestTokens;

/**
 * The whole of Orderflow for end-to-end tests: one real Kafka broker, one database per service, a real SMTP server,
 * and the three services as their own JVMs started from their jars. {@link RunningOrderflowExtension} starts it once
 * per test JVM.
 */
final class RunningOrderflow implements AutoCloseable {

    final ServiceProcess orderService;
    final ServiceProcess inventoryService;
    final ServiceProcess notificationService;
    final SmtpInbox smtp;
    /** Talks to the services as a storefront would, with a token that has every scope. */
    final JsonClient http = new JsonClient(TestTokens.storefront(), Duration.ofSeconds(5), Duration.ofSeconds(30));

    /** Returns every mail the SMTP server received for {@code recipient}. */
    List<SmtpInbox.Mail> mailsTo(String recipient) {
        return smtp.mailsTo(recipient);
    }

    RunningOrderflow() {
        Path root = Path.of(System.getProperty("orderflow.root", ".."));
        Path logs = Path.of(System.getProperty("orderflow.e2e.logs", "target/e2e-logs"));
        String kafka = TestInfrastructure.kafka().bootstrapServers();
        TestPostgres postgres = TestInfrastructure.postgres();
        smtp = new SmtpInbox(freePort());
        smtp.start();

        orderService = service(root, logs, "order-service", kafka, postgres, List.of());
        inventoryService = service(root, logs, "inventory-service", kafka, postgres, List.of());
        notificationService = service(root, logs, "notification-service", kafka, postgres, List.of(
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + smtp.port(),
                "--orderflow.notifications.initial-backoff=200ms",
                "--orderflow.notifications.max-backoff=1s",
                "--orderflow.notifications.max-attempts=100"));
        // if the test JVM dies without closing this, its service processes must not outlive it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> services().forEach(ServiceProcess::kill)));
        try {
            services().forEach(ServiceProcess::start);
            services().forEach(service -> service.awaitHealthy(Duration.ofSeconds(180)));
        }
        catch (RuntimeException ex) {
            close();
            throw ex;
        }
    }

    Storefront storefront() {
        return new Storefront(this);
    }

    String orders() {
        return orderService.baseUrl() + "/api/orders";
    }

    String products() {
        return inventoryService.baseUrl() + "/api/products";
    }

    String notifications() {
        return notificationService.baseUrl() + "/api/notifications";
    }

    private Stream<ServiceProcess> services() {
        return Stream.of(orderService, inventoryService, notificationService);
    }

    /** Stops the three services, all at once, and the SMTP server. */
    @Override
    public void close() {
        services().parallel().forEach(ServiceProcess::stop);
        smtp.stop();
    }

    private static ServiceProcess service(Path root, Path logs, String name, String kafka, TestPostgres postgres,
            List<String> arguments) {
        Map<String, String> environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka,
                "DATABASE_URL", postgres.createDatabase(name),
                "DATABASE_USERNAME", postgres.username(),
                "DATABASE_PASSWORD", postgres.password());
        return new ServiceProcess(name, root.resolve(name).resolve("target").resolve(name + ".jar"), freePort(),
                environment, arguments, logs);
    }

    /**
     * Returns a free port below Linux's ephemeral range (32768 and up): a port the kernel handed out for this check
     * could go to an outgoing connection before the service binds it.
     */
    private static int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
            try (ServerSocket socket = new ServerSocket(port)) {
                return port;
            }
            catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000");
    }
}
