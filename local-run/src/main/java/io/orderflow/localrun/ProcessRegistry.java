package io.orderflow.localrun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.orderflow.harness.ChildProcess;

/**
 * Records the processes a run started in {@code <state>/processes}, so that the next run can refuse to start twice and
 * can stop what a killed launcher (SIGKILL) left behind.
 */
final class ProcessRegistry {

    private static final String LAUNCHER = "launcher";

    private final Path file;

    ProcessRegistry(Path stateDir) {
        this.file = stateDir.resolve("processes");
    }

    /**
     * Fails if another launcher runs on the same state folder, stops the leftovers of a launcher that died without
     * cleaning up (newest first), then records this launcher.
     */
    void claim() {
        Map<String, List<ProcessHandle>> leftovers = new LinkedHashMap<>();
        for (String line : lines()) {
            String[] fields = line.split(" ");
            if (fields.length != 3) {
                continue;
            }
            Optional<ProcessHandle> alive = sameProcess(Long.parseLong(fields[1]), Long.parseLong(fields[2]));
            if (alive.isPresent() && fields[0].equals(LAUNCHER)) {
                throw new IllegalStateException("Orderflow already runs from " + file.getParent() + " (launcher pid "
                        + fields[1] + "); stop it first (Ctrl-C or kill " + fields[1] + ")");
            }
            String stage = fields[0].startsWith("kafka") ? "kafka"
                    : fields[0].equals("postgres") ? "postgres" : "services";
            alive.ifPresent(handle -> leftovers.computeIfAbsent(stage, key -> new ArrayList<>()).add(handle));
        }
        for (String stage : List.of("services", "kafka", "postgres")) {
            List<ProcessHandle> handles = leftovers.getOrDefault(stage, List.of());
            handles.forEach(handle -> System.out.println("  Stopping " + stage + " process " + handle.pid()
                    + ", left behind by a launcher that was killed"));
            handles.forEach(ProcessHandle::destroy);
            handles.forEach(handle -> ChildProcess.terminate(handle, Duration.ofSeconds(20)));
        }
        write(List.of());
        record(LAUNCHER, ProcessHandle.current());
    }

    /** Records a process this run started. */
    synchronized void record(String name, ProcessHandle handle) {
        long started = handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        List<String> lines = new ArrayList<>(lines());
        lines.add(name.replace(' ', '_') + " " + handle.pid() + " " + started);
        write(lines);
    }

    /** Forgets every process, once they are all stopped. */
    synchronized void clear() {
        try {
            Files.deleteIfExists(file);
        }
        catch (IOException ignored) {
            // the next run checks each recorded process anyway
        }
    }

    private static Optional<ProcessHandle> sameProcess(long pid, long startedAtMillis) {
        // a recycled pid belongs to another process: compare start times too
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(handle -> handle.info().startInstant()
                .map(Instant::toEpochMilli).map(millis -> startedAtMillis == 0 || millis == startedAtMillis)
                .orElse(true));
    }

    private List<String> lines() {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void write(List<String> lines) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
