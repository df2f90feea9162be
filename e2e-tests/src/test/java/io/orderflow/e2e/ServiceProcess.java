package io.orderflow.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.orderflow.harness.ChildProcess;
import io.orderflow.harness.JsonClient;
import io.orderflow.testsupport.TestTokens;

/** One service running from its packaged jar as its own JVM, with its output in a log file. */
final class ServiceProcess {

    private static final JsonClient HEALTH = new JsonClient(null, Duration.ofSeconds(2), Duration.ofSeconds(2));

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> environment;
    private final List<String> arguments;
    private final Path log;
    private ChildProcess process;

    ServiceProcess(String name, Path jar, int port, Map<String, String> environment, List<String> arguments,
            Path logDirectory) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.environment = environment;
        this.arguments = arguments;
        this.log = logDirectory.resolve(name + ".log");
    }

    /** Starts the JVM without waiting for it to be ready. */
    void start() {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (mvn package)");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-jar", jar.toString()));
        command.addAll(arguments);
        Map<String, String> fullEnvironment = new HashMap<>(environment);
        fullEnvironment.put("SERVER_PORT", Integer.toString(port));
        fullEnvironment.put("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLIC_KEY_LOCATION",
                TestTokens.publicKeyLocation());
        process = ChildProcess.start(name, command, fullEnvironment, Path.of("").toAbsolutePath(), log);
    }

    /** Waits until {@code /actuator/health} answers UP. */
    void awaitHealthy(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitCode() + "; see " + log);
            }
            try {
                if (HEALTH.isUp(baseUrl())) {
                    return;
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
            pause();
        }
        throw new IllegalStateException(name + " was not healthy within " + timeout + "; see " + log);
    }

    /** Stops the JVM gracefully, forcibly after 20 seconds. */
    void stop() {
        if (process != null && process.isAlive()) {
            process.requestStop();
            process.awaitStop(Duration.ofSeconds(20));
        }
    }

    /** Ends the JVM at once. */
    void kill() {
        if (process != null) {
            process.kill();
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
