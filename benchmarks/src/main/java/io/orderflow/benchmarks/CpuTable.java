package io.orderflow.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.orderflow.benchmarks.CpuUsage.Row;
import io.orderflow.benchmarks.ServiceProcesses.Role;

/** Prints CPU figures: one window's per process, or each stage's side by side. */
final class CpuTable {

    private CpuTable() {
    }

    /** Prints each part's cores and CPU per completed order over one window. */
    static void print(PrintStream out, CpuUsage usage) {
        out.printf(Locale.ROOT, "  CPU from the measured window's start until settled (%.1f s, %,d orders became final "
                + "in it; utime+stime from /proc)%n", usage.seconds(), usage.orders());
        out.printf("  %-34s %12s %8s %9s %15s%n", "process", "pid", "cores", "ms/order", "JIT compilers");
        for (Row row : usage.rows()) {
            if (row.role() != Role.LOAD_GENERATOR) {
                printRow(out, row);
            }
        }
        printRow(out, usage.system());
        usage.loadGenerator().ifPresent(row -> printRow(out, row));
        out.printf("  %-47s %8s%n", "machine busy (every process, the kernel)", figure(usage.machineCores()));
        out.printf("  %-47s %8s%n", "not accounted above", figure(usage.unaccountedCores()));
        out.println("  (JIT compilers: cores of the JVM's C1 and C2 compiler threads, part of its cores)");
    }

    private static void printRow(PrintStream out, Row row) {
        String pid = row.role() == null ? "" : row.pids().size() == 1 ? Long.toString(row.pids().getFirst())
                : row.pids().size() + " procs";
        out.printf("  %-34s %12s %8s %9s %15s%n", row.name(), pid, figure(row.cores()), figure(row.msPerOrder()),
                figure(row.compilerCores()));
    }

    /**
     * Prints, for each stage (a column headed by its short name), each part's CPU per order of the stage, then the
     * system's cores and its compiler threads' cores.
     */
    static void printStages(PrintStream out, List<String> stages, List<CpuUsage> usages) {
        Set<String> names = new LinkedHashSet<>();
        for (CpuUsage usage : usages) {
            usage.rows().stream().filter(r -> r.role() != Role.LOAD_GENERATOR).forEach(r -> names.add(r.name()));
        }
        StringBuilder head = new StringBuilder(String.format("  %-34s", "ms of CPU per order"));
        stages.forEach(stage -> head.append(String.format(" %9s", stage)));
        out.println(head);
        for (String name : names) {
            printStageRow(out, name, usages, usage -> usage.rows().stream().filter(r -> r.name().equals(name))
                    .findFirst().map(Row::msPerOrder));
        }
        printStageRow(out, CpuUsage.SYSTEM, usages, usage -> Optional.of(usage.system().msPerOrder()));
        printStageRow(out, "load generator", usages, usage -> usage.loadGenerator().map(Row::msPerOrder));
        printStageRow(out, "system, cores", usages, usage -> Optional.of(usage.system().cores()));
        printStageRow(out, "system's JIT compilers, cores", usages,
                usage -> Optional.of(usage.system().compilerCores()));
        printStageRow(out, "machine busy, cores", usages, usage -> Optional.of(usage.machineCores()));
    }

    private interface Figure {
        Optional<Double> of(CpuUsage usage);
    }

    private static void printStageRow(PrintStream out, String name, List<CpuUsage> usages, Figure figure) {
        List<String> cells = new ArrayList<>();
        for (CpuUsage usage : usages) {
            cells.add(figure.of(usage).map(CpuTable::figure).orElse("-"));
        }
        StringBuilder line = new StringBuilder(String.format("  %-34s", name));
        cells.forEach(cell -> line.append(String.format(" %9s", cell)));
        out.println(line);
    }

    private static String figure(double v) {
        return v == -1 ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
