package io.orderflow.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** Lays out a folder like /proc: processes with stat, cmdline and environ, their threads, and the machine's stat. */
final class FakeProc {

    private final Path root;

    FakeProc(Path root) {
        this.root = root;
        machine(0);
    }

    ProcFs procFs() {
        return new ProcFs(root);
    }

    /** Returns a stat line as Linux writes it, with every field this benchmark does not read set to 0. */
    static String statLine(long pid, String comm, long ppid, long utime, long stime, long cutime, long cstime) {
        return pid + " (" + comm + ") S " + ppid + " " + pid + " " + pid + " 0 -1 4194304 100 0 0 0 " + utime + " "
                + stime + " " + cutime + " " + cstime + " 20 0 1 0 12345 1000000 100 18446744073709551615 0 0 0 0 0"
                + " 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n";
    }

    /** Adds or replaces a process; {@code commandLine}'s arguments are separated by spaces. */
    FakeProc process(long pid, String comm, long ppid, long utime, long stime, long cutime, long cstime,
            String commandLine, Map<String, String> environment) {
        Path dir = root.resolve(Long.toString(pid));
        write(dir.resolve("stat"), statLine(pid, comm, ppid, utime, stime, cutime, cstime));
        write(dir.resolve("cmdline"), commandLine.replace(' ', '\0') + "\0");
        write(dir.resolve("environ"), environment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue() + "\0")
                .collect(Collectors.joining()));
        write(dir.resolve("task").resolve(Long.toString(pid)).resolve("stat"),
                statLine(pid, comm, ppid, utime, stime, 0, 0));
        return this;
    }

    /** Adds or replaces a process with no ended children and no environment. */
    FakeProc process(long pid, String comm, long ppid, long ticks, String commandLine) {
        return process(pid, comm, ppid, ticks, 0, 0, 0, commandLine, Map.of());
    }

    /** Adds or replaces a thread of a process. */
    FakeProc thread(long pid, long tid, String comm, long utime, long stime) {
        write(root.resolve(Long.toString(pid)).resolve("task").resolve(Long.toString(tid)).resolve("stat"),
                statLine(tid, comm, 1, utime, stime, 0, 0));
        return this;
    }

    /** Removes a process, as when it ends. */
    FakeProc end(long pid) {
        try (var files = Files.walk(root.resolve(Long.toString(pid)))) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return this;
    }

    /** Sets the machine's busy ticks (user time alone) in /proc/stat. */
    FakeProc machine(long busyTicks) {
        write(root.resolve("stat"), "cpu  " + busyTicks + " 0 0 5000 7 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\n");
        return this;
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.ISO_8859_1);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
