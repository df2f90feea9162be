package io.orderflow.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTests {

    @TempDir
    Path directory;

    @Test
    void appendsTheOutputToItsLogAfterAStartLine() throws Exception {
        Path log = directory.resolve("logs/echo.log");
        ChildProcess child = ChildProcess.start("echo", List.of("sh", "-c", "echo hello $GREETED"),
                Map.of("GREETED", "world"), directory, log);

        assertThat(child.waitFor(Duration.ofSeconds(10))).isZero();
        assertThat(Files.readString(log)).contains("starting echo: sh -c").endsWith("hello world\n");
        assertThat(child.logTail(1)).isEqualTo("hello world");
    }

    @Test
    void runsTheExitActionWhileTheCommonPoolIsBusy() throws Exception {
        CountDownLatch release = occupyTheCommonPool();
        try {
            ChildProcess child = ChildProcess.start("quick", List.of("true"), Map.of(), directory,
                    directory.resolve("quick.log"));
            CountDownLatch exited = new CountDownLatch(1);

            child.whenExited(exited::countDown);

            assertThat(exited.await(10, TimeUnit.SECONDS)).isTrue();
        }
        finally {
            release.countDown();
        }
    }

    @Test
    void stopsAChildThatHeedsSigtermWithinItsGrace() {
        ChildProcess child = ChildProcess.start("sleeper", List.of("sleep", "60"), Map.of(), directory,
                directory.resolve("sleeper.log"));

        child.requestStop();

        assertThat(child.awaitStop(Duration.ofSeconds(10))).isTrue();
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void stopsAChildWithinItsGraceWhileTheCommonPoolIsBusy() throws Exception {
        CountDownLatch release = occupyTheCommonPool();
        try {
            ChildProcess child = ChildProcess.start("sleeper", List.of("sleep", "60"), Map.of(), directory,
                    directory.resolve("sleeper.log"));

            child.requestStop();

            assertThat(child.awaitStop(Duration.ofSeconds(10))).isTrue();
        }
        finally {
            release.countDown();
        }
    }

    @Test
    void waitsUntilAProcessIsGone() throws Exception {
        ChildProcess child = ChildProcess.start("sleeper", List.of("sleep", "60"), Map.of(), directory,
                directory.resolve("sleeper.log"));

        assertThat(ChildProcess.awaitGone(child.handle(), Duration.ofMillis(300))).isFalse();
        child.kill();
        assertThat(ChildProcess.awaitGone(child.handle(), Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void killsAChildAtOnce() throws Exception {
        ChildProcess child = ChildProcess.start("sleeper", List.of("sleep", "60"), Map.of(), directory,
                directory.resolve("sleeper.log"));

        child.kill();

        assertThat(child.waitFor(Duration.ofSeconds(10))).isNotEqualTo(-1);
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void saysThereIsNoLogWhenTheFileIsMissing() {
        assertThat(ChildProcess.tail(directory.resolve("none.log"), 5)).startsWith("(no log at ");
    }

    /** Holds every worker of the common pool until the returned latch is counted down. */
    private static CountDownLatch occupyTheCommonPool() {
        CountDownLatch release = new CountDownLatch(1);
        int workers = Math.max(2, ForkJoinPool.getCommonPoolParallelism());
        for (int i = 0; i < workers; i++) {
            ForkJoinPool.commonPool().execute(() -> awaitQuietly(release));
        }
        return release;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
