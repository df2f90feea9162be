package io.orderflow.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one child process (a JVM) with its output appended to its own log file, and stops it with its descendants. */
public final class ChildProcess {

    private static final List<String> SETSID = List.of("/usr/bin/setsid", "/bin/setsid");

    private final String name;
    private final Path logFile;
    private final Process process;

    private ChildProcess(String name, Path logFile, Process process) {
        this.name = name;
        this.logFile = logFile;
        this.process = process;
    }

    /**
     * Starts {@code command} in {@code workDir} with {@code extraEnvironment} on top of this process's environment.
     * The child gets its own session where {@code setsid} exists, so that a Ctrl-C in the terminal reaches only the
     * launcher, which then stops its children in order.
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> extraEnvironment,
            Path workDir, Path logFile) {
        List<String> fullCommand = new ArrayList<>();
        SETSID.stream().filter(path -> new File(path).canExecute()).findFirst().ifPresent(fullCommand::add);
        fullCommand.addAll(command);
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "=== " + Instant.now() + " starting " + name + ": " + String.join(" ", command)
                    + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(fullCommand)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(extraEnvironment);
            return new ChildProcess(name, logFile, builder.start());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start " + name, ex);
        }
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Returns the exit code of a process that has ended. */
    public int exitCode() {
        return process.exitValue();
    }

    /** Waits for the process to end and returns its exit code, or -1 if it outlived {@code timeout}. */
    public int waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /**
     * Runs {@code action} once the process has ended, on a virtual thread of its own that waits for it; not on the
     * common pool, where {@code ProcessHandle.onExit()} completes and where a busy task would hold it back.
     */
    public void whenExited(Runnable action) {
        Thread.ofVirtual().name(name + "-exit").start(() -> {
            try {
                process.waitFor();
                action.run();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Asks the process to stop (SIGTERM) without waiting. */
    public void requestStop() {
        if (process.isAlive()) {
            process.destroy();
        }
    }

    /**
     * Waits up to {@code grace} for the process to stop after {@link #requestStop()}, then kills it; tells whether it
     * stopped by itself.
     */
    public boolean awaitStop(Duration grace) {
        return terminate(process.toHandle(), grace,
                timeout -> process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * Stops {@code handle}, a process that need not be this JVM's child: SIGTERM, up to {@code grace} to exit, then
     * SIGKILL for it and every descendant; tells whether it exited within the grace period.
     */
    public static boolean terminate(ProcessHandle handle, Duration grace) {
        return terminate(handle, grace, timeout -> awaitGone(handle, timeout));
    }

    /**
     * Waits until {@code process} has exited, and tells whether it did within {@code timeout}. A process that is not
     * this JVM's child may linger as a zombie of a parent that never reaps it: that counts as gone.
     */
    public static boolean awaitGone(ProcessHandle process, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        while (System.nanoTime() < deadline) {
            try {
                String fields = Files.readString(stat);
                if (fields.substring(fields.lastIndexOf(')') + 2).startsWith("Z")) {
                    return true;
                }
            }
            catch (IOException gone) {
                return !process.isAlive();
            }
            Thread.sleep(100);
        }
        return false;
    }

    // Waits on the exit itself, never on ProcessHandle.onExit(): that completes on the common pool, which a
    // caller's blocking task can hold for minutes.
    private static boolean terminate(ProcessHandle handle, Duration grace, ExitWait exit) {
        List<ProcessHandle> descendants = handle.descendants().toList();
        if (handle.isAlive()) {
            handle.destroy();
        }
        boolean exited = false;
        try {
            exited = exit.within(grace);
            if (!exited) {
                handle.destroyForcibly();
                exit.within(Duration.ofSeconds(5));
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            handle.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return exited;
    }

    private interface ExitWait {
        boolean within(Duration timeout) throws InterruptedException;
    }

    /** Ends the process and its descendants at once (SIGKILL), without waiting. */
    public void kill() {
        List<ProcessHandle> descendants = process.toHandle().descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /** Returns the last {@code lines} lines of the log file. */
    public String logTail(int lines) {
        return tail(logFile, lines);
    }

    public static String tail(Path file, int lines) {
        try {
            List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        }
        catch (IOException ex) {
            return "(no log at " + file + ")";
        }
    }
}
