package io.orderflow.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the processes of the running system on this machine (the broker, PostgreSQL's processes, each instance of
 * each service, the launcher that hosts the mail catcher, and this load generator) and reads the services' memory and
 * CPU time from /proc, and their start-up time from their logs.
 */
final class ServiceProcesses {

    static final List<String> SERVICES = List.of("order-service", "inventory-service", "notification-service");
    private static final Pattern STARTED = Pattern.compile("Started \\S+ in ([0-9.]+) seconds(?: \\(process running for ([0-9.]+)\\))?");
    private static final String BROKER_MAIN_CLASS = "kafka.Kafka";
    private static final String LAUNCHER_JAR = "orderflow-local-run.jar";

    private ServiceProcesses() {
    }

    /** Names what a process is to the system, in the order the tables show them. */
    enum Role {
        BROKER, POSTGRES, SERVICE, MAIL_CATCHER, LOAD_GENERATOR;

        /** Tells whether processes of this role are JVMs (and have JIT compiler threads). */
        boolean jvm() {
            return this != POSTGRES;
        }
    }

    /**
     * Names one process of the system. {@code part} names what its CPU is accounted to: the process alone, or for
     * PostgreSQL the whole server (all processes under one postmaster); {@code service} is the service's name for a
     * service, else the part.
     */
    record Found(Role role, String part, String service, long pid, String commandLine) {
    }

    /** One service process at one moment. */
    record Snapshot(String service, long pid, long rssKb, long hwmKb, double cpuSeconds, String jvmOptions) {
    }

    /** Returns the system's processes on this machine, this load generator last. */
    static List<Found> find(Map<String, Integer> ports) {
        return find(ProcFs.system(), ports, ProcessHandle.current().pid());
    }

    /**
     * Returns the system's processes as {@code proc} shows them: PostgreSQL's (a command line starting with postgres,
     * or a postgres executable), and among the JVMs the broker (main class kafka.Kafka), the services (a command line
     * naming {@code <service>.jar} and, where the environment can be read, a SERVER_PORT that is the service's port or
     * one of its extra instances', port + 10 n), the launcher ({@value #LAUNCHER_JAR}) and {@code selfPid}.
     */
    static List<Found> find(ProcFs proc, Map<String, Integer> ports, long selfPid) {
        List<Found> out = new ArrayList<>();
        Map<Long, Long> postgres = new HashMap<>();
        for (long pid : proc.pids()) {
            String commandLine = proc.commandLine(pid);
            if (pid == selfPid) {
                out.add(new Found(Role.LOAD_GENERATOR, "load generator", "load generator", pid, commandLine));
            }
            else if (isPostgres(commandLine)) {
                proc.stat(pid).ifPresent(stat -> postgres.put(pid, stat.ppid()));
            }
            else if (!isJava(commandLine)) {
                continue;
            }
            else if (Arrays.asList(commandLine.split(" ")).contains(BROKER_MAIN_CLASS)) {
                out.add(new Found(Role.BROKER, "broker", "broker", pid, commandLine));
            }
            else if (commandLine.contains(LAUNCHER_JAR)) {
                out.add(new Found(Role.MAIL_CATCHER, "mail catcher (launcher)", "mail catcher", pid, commandLine));
            }
            else {
                for (String service : SERVICES) {
                    if (commandLine.contains(service + ".jar") && onPort(proc, pid, ports.get(service))) {
                        out.add(new Found(Role.SERVICE, service, service, pid, commandLine));
                    }
                }
            }
        }
        out.addAll(postgresServers(postgres, proc));
        return name(out, proc);
    }

    private static boolean isJava(String commandLine) {
        String program = commandLine.split(" ", 2)[0];
        return program.equals("java") || program.endsWith("/java");
    }

    /** Tells whether a command line is PostgreSQL's (its backends rename themselves "postgres: ..."). */
    static boolean isPostgres(String commandLine) {
        String program = commandLine.split(" ", 2)[0];
        return commandLine.startsWith("postgres") || program.endsWith("/postgres");
    }

    /** Groups PostgreSQL's processes by the postmaster they descend from; one server is just "postgresql". */
    private static List<Found> postgresServers(Map<Long, Long> parents, ProcFs proc) {
        Map<Long, Long> roots = new HashMap<>();
        for (long pid : parents.keySet()) {
            long root = pid;
            for (int depth = 0; depth < 16 && parents.containsKey(parents.get(root)); depth++) {
                root = parents.get(root);
            }
            roots.put(pid, root);
        }
        boolean one = roots.values().stream().distinct().count() == 1;
        List<Found> out = new ArrayList<>();
        roots.forEach((pid, root) -> out.add(new Found(Role.POSTGRES, one ? "postgresql" : "postgresql " + root,
                "postgresql", pid, proc.commandLine(pid))));
        return out;
    }

    /** Sorts by role and service, and names each of several JVMs of one part by its port, or else its pid. */
    private static List<Found> name(List<Found> found, ProcFs proc) {
        Map<String, Long> instances = new HashMap<>();
        found.forEach(f -> instances.merge(f.part(), 1L, Long::sum));
        List<Found> out = new ArrayList<>();
        for (Found f : found) {
            out.add(f.role() != Role.POSTGRES && instances.get(f.part()) > 1
                    ? new Found(f.role(), f.part() + " " + instanceName(f, proc), f.service(), f.pid(),
                            f.commandLine())
                    : f);
        }
        out.sort(Comparator.comparing(Found::role).thenComparing(f -> SERVICES.indexOf(f.service()))
                .thenComparing(Found::part).thenComparing(Found::pid));
        return out;
    }

    private static String instanceName(Found jvm, ProcFs proc) {
        return proc.environment(jvm.pid(), "SERVER_PORT").filter(port -> jvm.role() == Role.SERVICE)
                .map(port -> ":" + port.trim()).orElse("pid " + jvm.pid());
    }

    /** Returns the services' processes with their memory and CPU time now. */
    static List<Snapshot> snapshot(Map<String, Integer> ports) {
        ProcFs proc = ProcFs.system();
        List<Snapshot> out = new ArrayList<>();
        for (Found f : find(proc, ports, ProcessHandle.current().pid())) {
            if (f.role() == Role.SERVICE) {
                double cpu = proc.stat(f.pid()).map(s -> s.ticks() / ProcFs.TICKS_PER_SECOND).orElse(-1.0);
                out.add(new Snapshot(f.service(), f.pid(), status(f.pid(), "VmRSS"), status(f.pid(), "VmHWM"), cpu,
                        jvmOptions(f.commandLine())));
            }
        }
        return out;
    }

    private static boolean onPort(ProcFs proc, long pid, Integer port) {
        if (port == null) {
            return true;
        }
        try {
            return proc.environment(pid, "SERVER_PORT").map(value -> {
                int p = Integer.parseInt(value.trim());
                return p >= port && (p - port) % 10 == 0 && (p - port) / 10 < 6;
            }).orElse(true);
        }
        catch (RuntimeException ex) {
            return true;
        }
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
