package io.orderflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.orderflow.benchmarks.CpuSnapshot.Part;
import io.orderflow.benchmarks.CpuUsage.Row;
import io.orderflow.benchmarks.ServiceProcesses.Role;

class CpuUsageTests {

    private static final long SECOND = 1_000_000_000L;
    private static final Map<String, Integer> PORTS = Map.of("order-service", 8081);

    @Test
    void cpuPerOrderIsTheProcessTimeOfTheWindowOverTheOrdersCompletedInIt() {
        CpuSnapshot start = new CpuSnapshot(10 * SECOND, Map.of(
                "order-service", part("order-service", Role.SERVICE, 1, 1_000, Map.of(7L, 100L)),
                "load generator", part("load generator", Role.LOAD_GENERATOR, 2, 50, Map.of())), 10_000);
        // 20 s later: order-service used 8 s of CPU (0.4 cores), the load generator 0.6 s, the machine 12 s
        CpuSnapshot end = new CpuSnapshot(30 * SECOND, Map.of(
                "order-service", part("order-service", Role.SERVICE, 1, 1_800, Map.of(7L, 140L, 8L, 20L)),
                "load generator", part("load generator", Role.LOAD_GENERATOR, 2, 110, Map.of())), 11_200);

        CpuUsage usage = CpuUsage.between(start, end, 4_000);

        Row order = usage.part(1).orElseThrow();
        assertThat(order.cpuSeconds()).isCloseTo(8.0, within(1e-9));
        assertThat(order.cores()).isCloseTo(0.4, within(1e-9));
        assertThat(order.msPerOrder()).isCloseTo(2.0, within(1e-9));
        // thread 7 used 0.4 s, thread 8 started in the window and used 0.2 s: 0.6 s over 20 s
        assertThat(order.compilerCores()).isCloseTo(0.03, within(1e-9));
        Row generator = usage.loadGenerator().orElseThrow();
        assertThat(generator.msPerOrder()).isCloseTo(0.15, within(1e-9));
        assertThat(usage.system().cores()).isCloseTo(0.4, within(1e-9));
        assertThat(usage.system().msPerOrder()).isCloseTo(2.0, within(1e-9));
        assertThat(usage.machineCores()).isCloseTo(0.6, within(1e-9));
        assertThat(usage.unaccountedCores()).isCloseTo(0.6 - 0.4 - 0.03, within(1e-9));
    }

    @Test
    void withoutACompletedOrderThereIsNoFigurePerOrder() {
        CpuSnapshot start = new CpuSnapshot(0, Map.of("broker", part("broker", Role.BROKER, 3, 0, Map.of())), 0);
        CpuSnapshot end = new CpuSnapshot(SECOND, Map.of("broker", part("broker", Role.BROKER, 3, 10, Map.of())), 10);
        CpuUsage usage = CpuUsage.between(start, end, 0);
        assertThat(usage.rows().getFirst().cores()).isCloseTo(0.1, within(1e-9));
        assertThat(usage.rows().getFirst().msPerOrder()).isEqualTo(-1);
        assertThat(CpuUsage.msPerOrder(1.5, 3_000)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void aProcessThatIsThereAtOneEndOnlyHasNoFigures() {
        CpuSnapshot start = new CpuSnapshot(0, Map.of("order-service", part("order-service", Role.SERVICE, 1, 5,
                Map.of())), 0);
        CpuSnapshot end = new CpuSnapshot(SECOND, Map.of("inventory-service", part("inventory-service", Role.SERVICE,
                4, 9, Map.of())), 0);
        CpuUsage usage = CpuUsage.between(start, end, 10);
        assertThat(usage.rows()).extracting(Row::name, Row::cores).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("inventory-service", -1.0),
                org.assertj.core.groups.Tuple.tuple("order-service", -1.0));
        assertThat(usage.system().cpuSeconds()).isZero();
        assertThat(usage.toJson().get("processes")).asList().hasSize(2);
    }

    @Test
    void postgresKeepsTheTimeOfBackendsThatEndedWithinTheWindow(@TempDir Path root) {
        FakeProc proc = new FakeProc(root)
                .process(100, "postgres", 1, 10, 5, 1_000, 200, "/opt/pg/bin/postgres -D /data", Map.of())
                .process(101, "postgres", 100, 50, 0, 0, 0, "postgres: walwriter ", Map.of())
                .process(102, "postgres", 100, 300, 100, 0, 0, "postgres: orders orders 127.0.0.1(5) idle", Map.of());
        CpuSnapshot start = CpuSnapshot.take(proc.procFs(), PORTS, 999);

        // backend 102 works another 100 ticks and ends; its postmaster adds its 500 ticks to its ended children's;
        // a new backend 103 starts and uses 30 ticks
        proc.end(102).process(100, "postgres", 1, 12, 5, 1_500, 200, "/opt/pg/bin/postgres -D /data", Map.of())
                .process(101, "postgres", 100, 60, 0, 0, 0, "postgres: walwriter ", Map.of())
                .process(103, "postgres", 100, 30, 0, 0, 0, "postgres: orders orders 127.0.0.1(6) idle", Map.of());
        CpuSnapshot end = CpuSnapshot.take(proc.procFs(), PORTS, 999);

        Part before = start.parts().get("postgresql");
        Part after = end.parts().get("postgresql");
        assertThat(before.pids()).containsExactly(100L, 101L, 102L);
        assertThat(after.pids()).containsExactly(100L, 101L, 103L);
        // 2 (postmaster) + 10 (walwriter) + 100 (backend 102 until it ended) + 30 (backend 103)
        assertThat(after.ticks() - before.ticks()).isEqualTo(142);
        assertThat(after.role().jvm()).isFalse();
        assertThat(after.compilerTicks()).isEmpty();
    }

    @Test
    void aJvmsCompilerThreadsAreTakenApart(@TempDir Path root) {
        FakeProc proc = new FakeProc(root).process(10, "java", 1, 500, "java -jar order-service.jar")
                .thread(10, 11, "C2 CompilerThre", 300, 5).thread(10, 12, "C1 CompilerThre", 40, 1)
                .thread(10, 13, "http-nio-8081-e", 70, 9);
        CpuSnapshot snapshot = CpuSnapshot.take(proc.procFs(), PORTS, 999);
        assertThat(snapshot.parts().get("order-service").compilerTicks()).isEqualTo(Map.of(11L, 305L, 12L, 41L));
    }

    private static Part part(String name, Role role, long pid, long ticks, Map<Long, Long> compilers) {
        return new Part(name, role, List.of(pid), ticks, compilers);
    }
}
