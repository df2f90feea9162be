package io.orderflow.localrun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps a service's JDK AOT cache (JEP 483/514), as Spring Boot documents it: the jar extracted next to it
 * ({@code -Djarmode=tools extract}), a training run that starts the application context and exits
 * ({@code -XX:AOTCacheOutput}, {@code -Dspring.context.exit=onRefresh}), then every start with {@code -XX:AOTCache}.
 * The cache holds the classes loaded, linked and profiled in the training run, which is most of a start-up's work.
 *
 * <p>The cache lives under the service's {@code target/aot/}, so a build that changes the jar makes it stale and
 * the next run trains again; {@code --clean} does not touch it.
 */
final class AotCache {

    private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(4);

    private final Path jar;
    private final Path directory;
    private final String service;

    AotCache(Path jar, String service) {
        this.jar = jar;
        this.service = service;
        this.directory = jar.getParent().resolve("aot");
    }

    /** Returns the extracted jar the cache was trained with; a run with the cache must use this very jar. */
    Path extractedJar() {
        return directory.resolve(service).resolve(service + ".jar");
    }

    Path file() {
        return directory.resolve(service + ".aot");
    }

    /** Tells whether the cache exists and is at least as new as the jar it was made from. */
    boolean isFresh() {
        try {
            return Files.isRegularFile(file()) && Files.isRegularFile(extractedJar())
                    && !Files.getLastModifiedTime(file()).toInstant()
                            .isBefore(Files.getLastModifiedTime(jar).toInstant());
        }
        catch (IOException ex) {
            return false;
        }
    }

    /** Returns the JVM arguments that run the service from the cache, ending with {@code -jar <extracted jar>}. */
    List<String> runArguments() {
        return List.of("-XX:AOTCache=" + file(), "-Xlog:aot=off", "-Xlog:cds=off", "-jar", extractedJar().toString());
    }

    /** Extracts the jar, the first step of a training run. */
    void extract(Path workDir, Path logFile) throws InterruptedException {
        ChildProcess extraction = ChildProcess.start(service + "-extract", List.of(LocalSettings.javaCommand(),
                "-Djarmode=tools", "-jar", jar.toString(), "extract", "--force", "--destination",
                directory.resolve(service).toString()), Map.of(), workDir, logFile);
        if (extraction.waitFor(Duration.ofMinutes(1)) != 0) {
            throw new StartupFailure("Could not extract " + jar + " for its AOT cache", extraction);
        }
    }

    /**
     * Starts the training run: the service starts against the running system with {@code javaOptions}, records what
     * it loads, exits once its context is refreshed, and the JVM writes the cache as it exits.
     */
    ChildProcess startTraining(List<String> javaOptions, Map<String, String> environment, Path workDir,
            Path logFile) {
        List<String> command = new ArrayList<>();
        command.add(LocalSettings.javaCommand());
        command.addAll(javaOptions);
        command.add("-XX:AOTCacheOutput=" + file());
        command.add("-Dspring.context.exit=onRefresh");
        command.add("-jar");
        command.add(extractedJar().toString());
        return ChildProcess.start(service + "-training", command, environment, workDir, logFile);
    }

    /** Waits for a training run and tells whether it left a cache. */
    boolean awaitTraining(ChildProcess training) throws InterruptedException {
        int exit = training.waitFor(TRAINING_TIMEOUT);
        if (exit == -1) {
            training.requestStop();
            training.awaitStop(Duration.ofSeconds(5));
        }
        return exit == 0 && Files.isRegularFile(file());
    }
}
