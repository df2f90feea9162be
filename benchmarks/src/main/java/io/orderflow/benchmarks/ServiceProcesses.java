package io.orderflow.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the services' JVMs on this machine and reads their memory and CPU time from /proc, and their start-up time from their logs. */
final class ServiceProcesses {

    static final List<String> SERVICES = List.of("order-service", "inventory-service", "notification-service");
    private static final Pattern STARTED = Pattern.compile("Started \\S+ in ([0-9.]+) seconds(?: \\(process running for ([0-9.]+)\\))?");
    /** USER_HZ: the unit of utime and stime in /proc/pid/stat on Linux */
    private static final double CLOCK_TICKS = 100.0;

    private ServiceProcesses() {
    }

    /** One service process at one moment. */
    record Snapshot(String service, long pid, long rssKb, long hwmKb, double cpuSeconds, String jvmOptions) {
    }

    /**
     * The services' processes: those whose command line names {@code <service>.jar} and, where the environment can be
     * read, whose SERVER_PORT is the service's port or that of one of its extra instances (port + 10 n).
     */
    static List<Snapshot> snapshot(Map<String, Integer> ports) {
        List<Snapshot> out = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(process -> {
            String commandLine = process.info().commandLine().orElse("");
            for (String service : SERVICES) {
                if (commandLine.contains(service + ".jar") && onPort(process.pid(), ports.get(service))) {
                    out.add(new Snapshot(service, process.pid(), status(process.pid(), "VmRSS"),
                            status(process.pid(), "VmHWM"), cpuSeconds(process.pid()), jvmOptions(commandLine)));
                }
            }
        });
        out.sort((a, b) -> a.service().equals(b.service()) ? Long.compare(a.pid(), b.pid())
                : Integer.compare(SERVICES.indexOf(a.service()), SERVICES.indexOf(b.service())));
        return out;
    }

    private static boolean onPort(long pid, Integer port) {
        if (port == null) {
            return true;
        }
        try {
            for (String entry : new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
                    StandardCharsets.ISO_8859_1).split("\0")) {
                if (entry.startsWith("SERVER_PORT=")) {
                    int p = Integer.parseInt(entry.substring("SERVER_PORT=".length()).trim());
                    return p >= port && (p - port) % 10 == 0 && (p - port) / 10 < 6;
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            // cannot tell
        }
        return true;
    }

    /** The options between the java command and -jar. */
    static String jvmOptions(String commandLine) {
        int jar = commandLine.indexOf(" -jar ");
        int firstSpace = commandLine.indexOf(' ');
        return jar < 0 || firstSpace < 0 || firstSpace >= jar ? "" : commandLine.substring(firstSpace + 1, jar).trim();
    }

    /** A field of /proc/PID/status in kB, or -1. */
    static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /** User plus system CPU time of a process, or -1. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command (which may hold spaces) start after the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after the command
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
        }
        catch (IOException | RuntimeException ex) {
            return -1;
        }
    }

    /** CPU time of the whole machine (all cores, busy only) in seconds, from /proc/stat; or -1. */
    static double machineBusySeconds() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            String[] f = cpu.trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / CLOCK_TICKS;
        }
        catch (IOException | RuntimeException ex) {
            return -1;
        }
    }

    /**
     * The start-up time of a service from the last "Started ... in X seconds (process running for Y)" line of its log:
     * {X, Y} (Y is -1 when the line does not have it), if there is such a line.
     */
    static Optional<double[]> startupSeconds(Path logsDir, String service) {
        Path log = logsDir.resolve(service + ".log");
        if (!Files.isRegularFile(log)) {
            return Optional.empty();
        }
        try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.map(ServiceProcesses::startupLine).flatMap(Optional::stream).reduce((a, b) -> b);
        }
        catch (IOException | RuntimeException ex) {
            return Optional.empty();
        }
    }

    /** {X, Y} of a "Started ... in X seconds (process running for Y)" line. */
    static Optional<double[]> startupLine(String line) {
        Matcher m = STARTED.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        double started = Double.parseDouble(m.group(1));
        double running = m.group(2) == null ? -1 : Double.parseDouble(m.group(2));
        return Optional.of(new double[] {started, running});
    }
}
