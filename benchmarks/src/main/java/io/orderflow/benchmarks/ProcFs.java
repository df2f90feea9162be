package io.orderflow.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads processes and threads from a Linux /proc file system, or from a folder laid out like one: CPU times from
 * {@code stat}, command lines, environments, and the machine's busy time. Everything returns empty or -1 where
 * the file cannot be read (not Linux, or the process is gone).
 */
final class ProcFs {

    /** USER_HZ: the unit of the CPU times in /proc on Linux */
    static final double TICKS_PER_SECOND = 100.0;
    /** What HotSpot names its JIT compiler threads; Linux keeps the first 15 characters of a thread's name. */
    private static final List<String> COMPILER_THREAD_PREFIXES = List.of("C1 CompilerThre", "C2 CompilerThre");

    private final Path root;

    ProcFs(Path root) {
        this.root = root;
    }

    /** Returns the machine's /proc. */
    static ProcFs system() {
        return new ProcFs(Path.of("/proc"));
    }

    /**
     * Holds the fields of one {@code stat} line this benchmark uses; times in clock ticks. {@code cutime} and
     * {@code cstime} hold the CPU of the children the process has waited for after they ended.
     */
    record Stat(long pid, String comm, long ppid, long utime, long stime, long cutime, long cstime) {

        /** Returns user plus system time of the process itself. */
        long ticks() {
            return utime + stime;
        }

        /** Returns {@link #ticks()} plus what its ended children used. */
        long ticksWithEndedChildren() {
            return utime + stime + cutime + cstime;
        }
    }

    /**
     * Parses a line of /proc/PID/stat or /proc/PID/task/TID/stat. The command between the parentheses may hold spaces
     * and parentheses itself, so the fields after it are counted from the last ')'.
     */
    static Stat parseStat(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a stat line: " + line);
        }
        String[] f = line.substring(close + 1).trim().split(" +");
        // f[0] is field 3 (state): field n of proc(5) is f[n - 3]
        return new Stat(Long.parseLong(line.substring(0, open).trim()), line.substring(open + 1, close),
                Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                Long.parseLong(f[14]));
    }

    /** Tells whether a thread of this name is one of HotSpot's C1 or C2 compiler threads. */
    static boolean isCompilerThread(String comm) {
        for (String prefix : COMPILER_THREAD_PREFIXES) {
            if (comm.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    Optional<Stat> stat(long pid) {
        return read(root.resolve(Long.toString(pid)).resolve("stat")).map(ProcFs::parseStatOrNull);
    }

    /** Returns the ids of the processes there are now. */
    List<Long> pids() {
        return numbered(root);
    }

    /** Returns the {@code stat} of each thread of a process that is a JIT compiler thread. */
    List<Stat> compilerThreads(long pid) {
        List<Stat> out = new ArrayList<>();
        Path tasks = root.resolve(Long.toString(pid)).resolve("task");
        for (long tid : numbered(tasks)) {
            read(tasks.resolve(Long.toString(tid)).resolve("stat")).map(ProcFs::parseStatOrNull)
                    .filter(s -> isCompilerThread(s.comm())).ifPresent(out::add);
        }
        return out;
    }

    /** Returns the command line with its arguments separated by spaces, or "" when it cannot be read. */
    String commandLine(long pid) {
        return read(root.resolve(Long.toString(pid)).resolve("cmdline")).map(s -> s.replace('\0', ' ').trim())
                .orElse("");
    }

    /** Returns a variable of a process's environment, if it can be read. */
    Optional<String> environment(long pid, String name) {
        Optional<String> environ = read(root.resolve(Long.toString(pid)).resolve("environ"));
        if (environ.isEmpty()) {
            return Optional.empty();
        }
        for (String entry : environ.get().split("\0")) {
            if (entry.startsWith(name + "=")) {
                return Optional.of(entry.substring(name.length() + 1));
            }
        }
        return Optional.empty();
    }

    /** Returns the busy time of all cores (everything but idle and iowait) from /proc/stat, or -1. */
    long machineBusyTicks() {
        Optional<String> stat = read(root.resolve("stat"));
        if (stat.isEmpty()) {
            return -1;
        }
        try {
            String[] f = stat.get().lines().findFirst().orElse("").trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        }
        catch (RuntimeException ex) {
            return -1;
        }
    }

    private static Stat parseStatOrNull(String line) {
        try {
            return parseStat(line);
        }
        catch (RuntimeException ex) {
            return null;
        }
    }

    private static List<Long> numbered(Path folder) {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                    out.add(Long.parseLong(name));
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            // not Linux
        }
        out.sort(null);
        return out;
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        }
        catch (IOException | RuntimeException ex) {
            return Optional.empty();
        }
    }
}
