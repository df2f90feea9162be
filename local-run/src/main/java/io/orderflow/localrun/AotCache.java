package io.orderflow.localrun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.orderflow.harness.ChildProcess;

/**
 * Keeps a service's JDK AOT cache (JEP 483/514/515), as Spring Boot documents it: the jar extracted next to it
 * ({@code -Djarmode=tools extract}), a run that records what the service loads and how its code runs
 * ({@code -XX:AOTCacheOutput}), and every later start with {@code -XX:AOTCache}. The cache holds the classes loaded and
 * linked and the method profiles of the recording run, so a start from it skips most of start-up's work and the JIT
 * compiles the hot code at once instead of profiling it first.
 *
 * <p>The recording run is the first run after a build itself: it serves like any other, the launcher drives a
 * training workload through it ({@link AotTraining}), and the JVM writes the cache when it stops. The cache lives
 * under the service's {@code target/aot/}, so a build that changes the jar makes it stale; {@code --clean} does not
 * touch it.
 */
final class AotCache {

    private static final Duration EXTRACTION_TIMEOUT = Duration.ofMinutes(1);

    private final Path jar;
    private final Path directory;
    private final String service;

    AotCache(Path jar, String service) {
        this.jar = jar;
        this.service = service;
        this.directory = jar.getParent().resolve("aot");
    }

    /** Returns the extracted jar the cache is recorded with; a run with the cache must use this very jar. */
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

    /** Tells whether the jar has been extracted since it was last built. */
    boolean isExtracted() {
        try {
            return Files.isRegularFile(extractedJar()) && !Files.getLastModifiedTime(extractedJar()).toInstant()
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

    /**
     * Returns the JVM arguments of a run that records the cache as it exits, ending with {@code -jar <extracted jar>};
     * the jar must have been extracted first.
     */
    List<String> recordArguments() {
        return List.of("-XX:AOTCacheOutput=" + file(), "-Xlog:aot=warning", "-Xlog:cds=off", "-jar",
                extractedJar().toString());
    }

    /** Starts extracting the jar, the first step of a recording run, and returns the extraction process. */
    ChildProcess startExtraction(Path workDir, Path logFile) {
        return ChildProcess.start(service + "-extract", List.of(LocalSettings.javaCommand(),
                "-Djarmode=tools", "-jar", jar.toString(), "extract", "--force", "--destination",
                directory.resolve(service).toString()), Map.of(), workDir, logFile);
    }

    /** Waits for an extraction and fails if it did not succeed. */
    void awaitExtraction(ChildProcess extraction) throws InterruptedException {
        if (extraction.waitFor(EXTRACTION_TIMEOUT) != 0) {
            throw new StartupFailure("Could not extract " + jar + " for its AOT cache", extraction);
        }
    }
}
