package io.orderflow.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import io.orderflow.harness.JsonClient;

/**
 * Runs Orderflow as the README tells a user to ({@code ./orderflow run}), places an order that is confirmed and
 * mailed, stops the launcher with SIGTERM, checks that nothing it started is left, and finds the order again after a
 * restart. Runs after {@code package} (failsafe); skip it with {@code -Dorderflow.skipLocalRunTest=true}.
 */
@Timeout(value = 25, unit = TimeUnit.MINUTES)
class LocalRunTests {

    private static final Path ROOT = PackagedOrderflow.ROOT;
    private static final Path STATE = ROOT.resolve("local-run/target/local-run-test-state");

    private final List<Process> launchers = new ArrayList<>();

    @BeforeEach
    void requireJarsAndFreePorts() {
        PackagedOrderflow.requireJarsAndFreePorts();
    }

    @AfterEach
    void stopWhatIsLeft() throws InterruptedException {
        // only after a failure: the test stops each launcher itself
        for (Process launcher : launchers) {
            launcher.destroy();
            launcher.waitFor(90, TimeUnit.SECONDS);
        }
    }

    @Test
    void runsPlacesAnOrderPassesTheBenchmarkSmokeRunStopsCleanlyAndResumesWithTheSameData() throws Exception {
        Process first = launch("first", "run", "--clean");
        String sku = "IT-" + System.currentTimeMillis();
        String operator = token();
        String customer = token("--customer", "it-1");
        assertThat(post("http://localhost:8082/api/products", operator,
                Map.of("sku", sku, "name", "Test mug", "unitPrice", 9.90, "stock", 5)).status()).isEqualTo(201);
        assertThat(post("http://localhost:8082/api/products", null, Map.of("sku", sku + "-x", "name", "Anonymous",
                "unitPrice", 1, "stock", 1)).status()).as("a product created without a token").isEqualTo(401);
        JsonClient.Answer placed = post("http://localhost:8081/api/orders", customer, Map.of(
                "customerId", "it-1", "customerEmail", "local-run-test@example.com",
                "lines", List.of(Map.of("sku", sku, "quantity", 2))));
        assertThat(placed.status()).as(placed.body().toString()).isEqualTo(201);
        String orderId = placed.body().path("id").asString();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> orderStatus(orderId, customer), "CONFIRMED"::equals);
        assertThat(orderStatus(orderId, token("--customer", "it-2"))).isEqualTo("HTTP 404");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> mailsTo("local-run-test@example.com"), mails -> mails.stream()
                        .anyMatch(mail -> (mail.path("subject").asString() + mail.path("body").asString())
                                .contains(orderId)));
        assertThat(benchmarkSmokeRun()).as("exit code of the benchmark smoke run, see local-run/target/benchmark-smoke.log")
                .isZero();

        stop(first);

        Process second = launch("second", "run");
        assertThat(orderStatus(orderId, customer)).as("the same issuer key after a restart").isEqualTo("CONFIRMED");
        stop(second);
    }

    /** Runs the benchmark harness for a few seconds against the running system, with every invariant check. */
    private static int benchmarkSmokeRun() throws IOException, InterruptedException {
        Path jar = ROOT.resolve("benchmarks/target/orderflow-benchmarks.jar");
        assumeTrue(Files.isRegularFile(jar), jar + " is missing; build the benchmarks module first");
        Process smoke = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--smoke",
                "--results-dir", STATE.getParent().resolve("benchmark-results").toString(),
                "--logs-dir", STATE.resolve("logs").toString())
                .directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(STATE.getParent().resolve("benchmark-smoke.log").toFile())
                .start();
        if (!smoke.waitFor(5, TimeUnit.MINUTES)) {
            smoke.destroyForcibly();
            return -1;
        }
        return smoke.exitValue();
    }

    private Process launch(String name, String... arguments) throws IOException {
        Files.createDirectories(STATE.getParent());
        Path output = STATE.getParent().resolve("local-run-test-" + name + ".log");
        List<String> command = new ArrayList<>(List.of("./orderflow"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        PackagedOrderflow.prepare(builder.environment(), STATE);
        Process launcher = builder.start();
        launchers.add(launcher);
        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(launcher.isAlive()).as("the launcher is running; it printed:%n%s", printed).isTrue();
            return printed.contains("Orderflow is up");
        });
        return launcher;
    }

    private void stop(Process launcher) {
        List<ProcessHandle> started = new ArrayList<>(launcher.descendants().toList());
        postmaster().ifPresent(postmaster -> {
            started.add(postmaster);
            started.addAll(postmaster.descendants().toList());
        });
        assertThat(started).as("the launcher's processes").isNotEmpty();

        launcher.destroy();  // SIGTERM, as a user's Ctrl-C or a service manager would stop it

        await().atMost(Duration.ofSeconds(90)).until(() -> !launcher.isAlive());
        assertThat(launcher.exitValue()).as("exit code after SIGTERM").isIn(0, 143);
        // a process that has exited lingers until init reaps it: allow a moment
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(started).as("processes the launcher started").noneMatch(ProcessHandle::isAlive);
            assertThat(PackagedOrderflow.PORTS).as("ports after the stop").allMatch(LocalPorts::isFree);
        });
    }

    private static Optional<ProcessHandle> postmaster() {
        Path pidFile = STATE.resolve("postgres/postmaster.pid");
        try (Stream<String> lines = Files.lines(pidFile)) {
            return lines.findFirst().map(String::trim).map(Long::parseLong).flatMap(ProcessHandle::of);
        }
        catch (IOException | RuntimeException ex) {
            return Optional.empty();
        }
    }

    /** Returns the token that {@code ./orderflow token} prints with {@code options}. */
    private static String token(String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("./orderflow", "token"));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("ORDERFLOW_HOME", ROOT.relativize(STATE).toString());
        builder.environment().put("ORDERFLOW_NO_BUILD", "1");
        Process process = builder.start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor()).as("exit code of ./orderflow token").isZero();
        return printed.lines().reduce((first, last) -> last).orElseThrow();
    }

    private String orderStatus(String orderId, String token) throws IOException, InterruptedException {
        JsonClient.Answer answer = new JsonClient(token).get("http://localhost:8081/api/orders/" + orderId);
        return answer.status() == 200 ? answer.body().path("status").asString() : "HTTP " + answer.status();
    }

    private List<JsonNode> mailsTo(String recipient) throws IOException, InterruptedException {
        List<JsonNode> mails = new ArrayList<>();
        new JsonClient(null).get("http://localhost:8025/api/messages").body().forEach(mail -> {
            if (mail.path("to").asString().contains(recipient)) {
                mails.add(mail);
            }
        });
        return mails;
    }

    private JsonClient.Answer post(String url, String token, Object body) throws IOException, InterruptedException {
        return new JsonClient(token).post(url, body);
    }
}
