package io.orderflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import io.orderflow.benchmarks.ProcFs.Stat;

class ProcFsTests {

    @Test
    void aStatLineIsReadAfterTheLastParenthesisSoTheCommandMayHoldSpacesAndParentheses() {
        Stat compiler = ProcFs.parseStat(FakeProc.statLine(4711, "C2 CompilerThre", 1, 5304, 12, 0, 0));
        assertThat(compiler.pid()).isEqualTo(4711);
        assertThat(compiler.comm()).isEqualTo("C2 CompilerThre");
        assertThat(compiler.utime()).isEqualTo(5304);
        assertThat(compiler.stime()).isEqualTo(12);

        Stat odd = ProcFs.parseStat(FakeProc.statLine(42, "a) (b c) d", 7, 10, 20, 30, 40));
        assertThat(odd.comm()).isEqualTo("a) (b c) d");
        assertThat(odd.ppid()).isEqualTo(7);
        assertThat(odd.ticks()).isEqualTo(30);
        assertThat(odd.ticksWithEndedChildren()).isEqualTo(100);
    }

    @Test
    void aRealPostmasterLineGivesItsEndedBackendsTimeApart() {
        Stat postmaster = ProcFs.parseStat("20025 (postgres) S 1 20025 20025 0 -1 4194304 11712 521703 0 10 1 24 9620 "
                + "2212 20 0 1 0 112017 367378432 10625 18446744073709551615 94753163051008 94753171298728 "
                + "140731543793056 0 0 0 4194304 19935232 84487 1 0 0 17 0 0 0 0 0 0 94753173397520 94753173643896 "
                + "94753910231040 140731543799915 140731543800245 140731543800245 140731543801769 0");
        assertThat(postmaster.ticks()).isEqualTo(25);
        assertThat(postmaster.ticksWithEndedChildren()).isEqualTo(25 + 9620 + 2212);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({ "C1 CompilerThre, true", "C2 CompilerThre, true", "VM Thread, false", "C2 Compiler, false",
            "GC Thread#0, false" })
    void onlyHotSpotsC1AndC2CompilerThreadsCountAsCompilers(String threadName, boolean compiler) {
        assertThat(ProcFs.isCompilerThread(threadName)).isEqualTo(compiler);
    }

    @Test
    void theCompilerThreadsOfAProcessAreFoundAmongItsThreads(@TempDir Path root) {
        FakeProc proc = new FakeProc(root).process(10, "java", 1, 500, "java -jar x.jar")
                .thread(10, 11, "C2 CompilerThre", 300, 5).thread(10, 12, "C1 CompilerThre", 40, 1)
                .thread(10, 13, "http-client-1", 70, 9);
        List<Stat> compilers = proc.procFs().compilerThreads(10);
        assertThat(compilers).extracting(Stat::pid).containsExactlyInAnyOrder(11L, 12L);
        assertThat(compilers.stream().mapToLong(Stat::ticks).sum()).isEqualTo(346);
    }

    @Test
    void theTestJvmReadsItsOwnTimesAndFindsItsOwnCompilerThreads() {
        Assumptions.assumeTrue(Path.of("/proc/self/stat").toFile().exists(), "not Linux");
        long self = ProcessHandle.current().pid();
        ProcFs proc = ProcFs.system();
        assertThat(proc.stat(self)).hasValueSatisfying(stat -> {
            assertThat(stat.pid()).isEqualTo(self);
            assertThat(stat.ticks()).isPositive();
        });
        assertThat(proc.compilerThreads(self)).isNotEmpty()
                .allSatisfy(thread -> assertThat(thread.comm()).matches("C[12] CompilerThre"));
        assertThat(proc.commandLine(self)).contains("java");
        assertThat(proc.machineBusyTicks()).isPositive();
    }

    @Test
    void theMachinesBusyTimeLeavesIdleAndIowaitOut(@TempDir Path root) {
        ProcFs proc = new FakeProc(root).procFs();
        assertThat(proc.machineBusyTicks()).isZero();
        new FakeProc(root).machine(1234);
        assertThat(proc.machineBusyTicks()).isEqualTo(1234);
    }

    @Test
    void whatCannotBeReadIsEmpty(@TempDir Path root) {
        ProcFs proc = new ProcFs(root.resolve("nothing"));
        assertThat(proc.stat(1)).isEmpty();
        assertThat(proc.pids()).isEmpty();
        assertThat(proc.commandLine(1)).isEmpty();
        assertThat(proc.machineBusyTicks()).isEqualTo(-1);
    }
}
