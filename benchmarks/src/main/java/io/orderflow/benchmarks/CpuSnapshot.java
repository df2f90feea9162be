package io.orderflow.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.orderflow.benchmarks.ProcFs.Stat;
import io.orderflow.benchmarks.ServiceProcesses.Found;
import io.orderflow.benchmarks.ServiceProcesses.Role;

/**
 * Holds the CPU time, in clock ticks, that each part of the running system had used at one moment ({@code nanos}, on
 * {@link System#nanoTime()}), with each JVM's JIT compiler threads apart, and the whole machine's busy time.
 */
record CpuSnapshot(long nanos, Map<String, Part> parts, long machineBusyTicks) {

    /**
     * Holds a part: one process, or all of a PostgreSQL server's. A server counts the CPU of the backends that have
     * ended too (its postmaster waited for them), so that connections opened and closed in a window are not lost.
     * {@code compilerTicks} holds, per thread id, the ticks of each compiler thread of a JVM.
     */
    record Part(String name, Role role, List<Long> pids, long ticks, Map<Long, Long> compilerTicks) {
    }

    /** Returns the snapshot of this machine now. */
    static CpuSnapshot take(Map<String, Integer> ports) {
        return take(ProcFs.system(), ports, ProcessHandle.current().pid());
    }

    /** Returns the snapshot of the processes {@code proc} shows now. */
    static CpuSnapshot take(ProcFs proc, Map<String, Integer> ports, long selfPid) {
        long nanos = System.nanoTime();
        Map<String, Part> parts = new LinkedHashMap<>();
        for (Found found : ServiceProcesses.find(proc, ports, selfPid)) {
            Optional<Stat> stat = proc.stat(found.pid());
            if (stat.isEmpty()) {
                continue;
            }
            long ticks = found.role() == Role.POSTGRES ? stat.get().ticksWithEndedChildren() : stat.get().ticks();
            Map<Long, Long> compilers = new HashMap<>();
            if (found.role().jvm()) {
                proc.compilerThreads(found.pid()).forEach(thread -> compilers.put(thread.pid(), thread.ticks()));
            }
            parts.merge(found.part(), new Part(found.part(), found.role(), List.of(found.pid()), ticks, compilers),
                    CpuSnapshot::merge);
        }
        return new CpuSnapshot(nanos, parts, proc.machineBusyTicks());
    }

    private static Part merge(Part a, Part b) {
        List<Long> pids = new ArrayList<>(a.pids());
        pids.addAll(b.pids());
        pids.sort(null);
        Map<Long, Long> compilers = new HashMap<>(a.compilerTicks());
        compilers.putAll(b.compilerTicks());
        return new Part(a.name(), a.role(), List.copyOf(pids), a.ticks() + b.ticks(), compilers);
    }
}
