package io.orderflow.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.orderflow.benchmarks.CpuSnapshot.Part;
import io.orderflow.benchmarks.ServiceProcesses.Role;

/**
 * Tells what each part of the system used between two snapshots: CPU seconds, cores (CPU seconds per second of the
 * window) and milliseconds of CPU per completed order, and for a JVM the cores of its JIT compiler threads. "The
 * system" is every part but the load generator; "the machine" is every core's busy time, whoever used it.
 *
 * <p>A compiler thread that ended within the window is not counted (HotSpot starts and ends extra compiler threads
 * when there are more than 2 cores); one that started within it is counted from its start.
 */
final class CpuUsage {

    static final String SYSTEM = "system without load generator";

    /** Holds one part's figures; -1 where a figure cannot be told (the part was not there at both window ends). */
    record Row(String name, Role role, List<Long> pids, double cpuSeconds, double cores, double msPerOrder,
            double compilerCores) {
    }

    private final double seconds;
    private final long orders;
    private final List<Row> rows;
    private final double machineCores;

    private CpuUsage(double seconds, long orders, List<Row> rows, double machineCores) {
        this.seconds = seconds;
        this.orders = orders;
        this.rows = List.copyOf(rows);
        this.machineCores = machineCores;
    }

    /** Returns what was used from {@code start} to {@code end}, per order of {@code completedOrders}. */
    static CpuUsage between(CpuSnapshot start, CpuSnapshot end, long completedOrders) {
        double seconds = Math.max(1e-9, (end.nanos() - start.nanos()) / 1e9);
        List<Row> rows = new ArrayList<>();
        for (Part part : end.parts().values()) {
            Part before = start.parts().get(part.name());
            if (before == null) {
                rows.add(new Row(part.name(), part.role(), part.pids(), -1, -1, -1, -1));
                continue;
            }
            double cpu = (part.ticks() - before.ticks()) / ProcFs.TICKS_PER_SECOND;
            double compilers = part.role().jvm() ? compilerSeconds(before, part) / seconds : -1;
            rows.add(new Row(part.name(), part.role(), part.pids(), cpu, cpu / seconds,
                    msPerOrder(cpu, completedOrders), compilers));
        }
        for (Part gone : start.parts().values()) {
            if (!end.parts().containsKey(gone.name())) {
                rows.add(new Row(gone.name(), gone.role(), gone.pids(), -1, -1, -1, -1));
            }
        }
        double machine = start.machineBusyTicks() < 0 || end.machineBusyTicks() < 0 ? -1
                : (end.machineBusyTicks() - start.machineBusyTicks()) / ProcFs.TICKS_PER_SECOND / seconds;
        return new CpuUsage(seconds, completedOrders, rows, machine);
    }

    private static double compilerSeconds(Part before, Part after) {
        long ticks = 0;
        for (Map.Entry<Long, Long> thread : after.compilerTicks().entrySet()) {
            ticks += thread.getValue() - before.compilerTicks().getOrDefault(thread.getKey(), 0L);
        }
        return ticks / ProcFs.TICKS_PER_SECOND;
    }

    /** Returns milliseconds of CPU per order, or -1 when there is no order or no CPU figure. */
    static double msPerOrder(double cpuSeconds, long orders) {
        return orders > 0 && cpuSeconds >= 0 ? cpuSeconds * 1000 / orders : -1;
    }

    double seconds() {
        return seconds;
    }

    long orders() {
        return orders;
    }

    /** Returns every part's row, in the order of {@link Role}, the load generator last. */
    List<Row> rows() {
        return rows;
    }

    /** Returns the sum of every part but the load generator (the parts without figures left out). */
    Row system() {
        double cpu = 0;
        double compilers = 0;
        List<Long> pids = new ArrayList<>();
        for (Row row : rows) {
            if (row.role() != Role.LOAD_GENERATOR && row.cpuSeconds() >= 0) {
                cpu += row.cpuSeconds();
                compilers += Math.max(0, row.compilerCores());
                pids.addAll(row.pids());
            }
        }
        return new Row(SYSTEM, null, pids, cpu, cpu / seconds, msPerOrder(cpu, orders), compilers);
    }

    /** Returns the load generator's row, if it was found. */
    Optional<Row> loadGenerator() {
        return rows.stream().filter(r -> r.role() == Role.LOAD_GENERATOR).findFirst();
    }

    /** Returns the row of the part a process belongs to. */
    Optional<Row> part(long pid) {
        return rows.stream().filter(r -> r.pids().contains(pid)).findFirst();
    }

    /** Returns the cores the whole machine was busy, or -1. */
    double machineCores() {
        return machineCores;
    }

    /** Returns the machine's busy cores that no part accounts for (other processes, the kernel), or -1. */
    double unaccountedCores() {
        if (machineCores < 0) {
            return -1;
        }
        return machineCores - system().cores() - loadGenerator().map(r -> Math.max(0, r.cores())).orElse(0.0);
    }

    /** Returns the figures as the JSON result holds them. */
    Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("windowSeconds", round(seconds, 2));
        out.put("completedOrders", orders);
        List<Map<String, Object>> processes = new ArrayList<>();
        rows.forEach(row -> processes.add(json(row)));
        out.put("processes", processes);
        out.put("systemWithoutLoadGenerator", json(system()));
        out.put("loadGenerator", loadGenerator().map(CpuUsage::json).orElse(null));
        out.put("machineBusyCores", round(machineCores, 3));
        out.put("unaccountedCores", round(unaccountedCores(), 3));
        return out;
    }

    private static Map<String, Object> json(Row row) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", row.name());
        if (row.role() != null) {
            out.put("role", row.role().name().toLowerCase(Locale.ROOT));
            out.put("pids", row.pids());
        }
        out.put("cpuSeconds", round(row.cpuSeconds(), 3));
        out.put("cores", round(row.cores(), 3));
        out.put("msPerOrder", round(row.msPerOrder(), 3));
        out.put("compilerCores", round(row.compilerCores(), 3));
        return out;
    }

    /** Returns null for the -1 of a figure that cannot be told. */
    private static Double round(double value, int digits) {
        if (value == -1) {
            return null;
        }
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
