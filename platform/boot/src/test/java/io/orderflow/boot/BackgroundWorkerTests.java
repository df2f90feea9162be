package io.orderflow.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class BackgroundWorkerTests {

    private static final Duration BRIEFLY = Duration.ofMillis(10);

    @Test
    void runsItsLoopOnANamedThreadOfItsOwnUntilItIsStopped() throws Exception {
        RecordingWorker worker = started(BackgroundWorker.Stop.LET_FINISH, Duration.ofSeconds(10), BRIEFLY,
                Duration.ZERO);
        assertThat(worker.isRunning()).isTrue();

        worker.stop();

        assertThat(worker.isRunning()).isFalse();
        assertThat(worker.returned).isCompletedWithValue("test-worker");
        assertThat(worker.thread.isDaemon()).isFalse();
    }

    @Test
    void letsTheLoopSettleWhatItHoldsBeforeStopReturns() throws Exception {
        RecordingWorker worker = started(BackgroundWorker.Stop.LET_FINISH, Duration.ofSeconds(10), BRIEFLY,
                Duration.ofMillis(300));

        worker.stop();

        assertThat(worker.returned).isCompleted();
        assertThat(worker.interrupted).isFalse();
    }

    @Test
    void interruptsALoopWhoseWorkMayBeDroppedAndRunsItOnADaemonThread() throws Exception {
        RecordingWorker worker = started(BackgroundWorker.Stop.INTERRUPT, Duration.ofSeconds(10),
                Duration.ofMinutes(5), Duration.ZERO);
        long stopping = System.nanoTime();

        worker.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(5));
        assertThat(worker.interrupted).isTrue();
        assertThat(worker.thread.isDaemon()).isTrue();
    }

    @Test
    void stopsWaitingForALoopThatDoesNotReturnWithinTheJoinTimeout() throws Exception {
        RecordingWorker worker = started(BackgroundWorker.Stop.LET_FINISH, Duration.ofMillis(200), BRIEFLY,
                Duration.ofSeconds(3));

        worker.stop();

        assertThat(worker.returned).isNotCompleted();
        assertThat(worker.returned.get(10, TimeUnit.SECONDS)).isEqualTo("test-worker");
    }

    @Test
    void stopsBeforeItWasStartedWithoutComplaint() {
        RecordingWorker worker = new RecordingWorker(BackgroundWorker.Stop.INTERRUPT, Duration.ofSeconds(1), BRIEFLY,
                Duration.ZERO);

        worker.stop();

        assertThat(worker.isRunning()).isFalse();
    }

    private static RecordingWorker started(BackgroundWorker.Stop stop, Duration joinTimeout, Duration waiting,
            Duration settling) throws InterruptedException {
        RecordingWorker worker = new RecordingWorker(stop, joinTimeout, waiting, settling);
        worker.start();
        assertThat(worker.looping.await(10, TimeUnit.SECONDS)).isTrue();
        return worker;
    }

    /** Loops until told to stop, waiting {@code waiting} a round, then takes {@code settling} to return. */
    private static final class RecordingWorker extends BackgroundWorker {

        final CountDownLatch looping = new CountDownLatch(1);
        final CompletableFuture<String> returned = new CompletableFuture<>();
        private final Duration waiting;
        private final Duration settling;
        volatile boolean interrupted;
        volatile Thread thread;

        RecordingWorker(Stop stop, Duration joinTimeout, Duration waiting, Duration settling) {
            super("test-worker", stop, joinTimeout);
            this.waiting = waiting;
            this.settling = settling;
        }

        @Override
        protected void work() {
            thread = Thread.currentThread();
            try {
                while (isRunning()) {
                    looping.countDown();
                    Thread.sleep(waiting);
                }
                Thread.sleep(settling);
            }
            catch (InterruptedException ex) {
                interrupted = true;
            }
            returned.complete(Thread.currentThread().getName());
        }

        @Override
        public int getPhase() {
            return 0;
        }
    }
}
