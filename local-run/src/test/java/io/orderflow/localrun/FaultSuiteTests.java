package io.orderflow.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs a reduced fault suite as a user would ({@code ./orderflow faults ...}): kill -9 of order-service under load,
 * and PostgreSQL stopped for 15 s, each followed by the audit of I1 to I6; the whole suite (docs/reliability.md) runs
 * outside the build. Runs after {@code package} (failsafe), with the local-run test; skip both with
 * {@code -Dorderflow.skipLocalRunTest=true}.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class FaultSuiteTests {

    private static final Path ROOT = PackagedOrderflow.ROOT;
    private static final Path HOME = ROOT.resolve("local-run/target/fault-suite-test-state");

    @Test
    void everyInvariantHoldsAfterKillingOrderServiceAndStoppingPostgresUnderLoad() throws Exception {
        PackagedOrderflow.requireJarsAndFreePorts();
        Files.createDirectories(HOME);
        Path output = HOME.getParent().resolve("fault-suite-test.log");

        ProcessBuilder builder = new ProcessBuilder("./orderflow", "faults",
                "--faults", "kill-order-service,postgres-stop", "--postgres-outage", "15",
                "--orders", "200", "--rate", "20")
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        PackagedOrderflow.prepare(builder.environment(), HOME);
        Process suite = builder.start();
        boolean ended = suite.waitFor(18, TimeUnit.MINUTES);
        if (!ended) {
            suite.destroy();
            suite.waitFor(60, TimeUnit.SECONDS);
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);

        assertThat(ended).as("the suite ended in time; it printed:%n%s", printed).isTrue();
        assertThat(suite.exitValue()).as("exit code; the suite printed:%n%s", printed).isZero();
        assertThat(printed).contains("Every invariant held after every fault.")
                .doesNotContain("BROKEN");
        assertThat(printed.lines().filter(line -> line.matches("\\s+I[1-6] held .*")).count())
                .as("verdicts held: six after each of the two faults").isEqualTo(2 * 6);
    }
}
