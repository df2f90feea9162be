package io.orderflow.boot;

import java.time.Duration;

import org.springframework.context.SmartLifecycle;

/**
 * Runs a component's loop on a platform thread of its own, from the application context's start to its stop. The loop
 * ({@link #work()}) runs while {@link #isRunning()} holds and returns soon after it turns false.
 *
 * <p>What stopping does to the loop depends on the work it holds ({@link Stop}); where it stops among the phases of a
 * shutdown ({@link #getPhase()}) decides which work can still reach it.
 */
public abstract class BackgroundWorker implements SmartLifecycle {

    /** What stopping does to the loop and its thread. */
    public enum Stop {

        /**
         * Lets the loop finish: it sees {@link #isRunning()} turn false, settles what it holds and returns. The thread
         * is not a daemon, so the JVM does not end under it.
         */
        LET_FINISH,

        /**
         * Interrupts the loop, which drops the work in progress: that work must be safe to do again after a restart.
         * The thread is a daemon.
         */
        INTERRUPT
    }

    private final String threadName;
    private final Stop stop;
    private final Duration joinTimeout;
    private volatile boolean running;
    private Thread thread;

    /**
     * Prepares a worker whose thread is called {@code threadName}.
     *
     * @param joinTimeout how long {@link #stop()} waits for the loop to return
     */
    protected BackgroundWorker(String threadName, Stop stop, Duration joinTimeout) {
        this.threadName = threadName;
        this.stop = stop;
        this.joinTimeout = joinTimeout;
    }

    /** Runs the worker's loop, on the worker's thread, until {@link #isRunning()} turns false. */
    protected abstract void work();

    /**
     * Returns where the worker stops among the phases of a shutdown, against Spring's and Spring Boot's own (a higher
     * phase stops first).
     */
    @Override
    public abstract int getPhase();

    @Override
    public final void start() {
        running = true;
        thread = Thread.ofPlatform().name(threadName).daemon(stop == Stop.INTERRUPT).start(this::work);
    }

    /** Tells the loop to stop, and waits for it to return, at most the join timeout. */
    @Override
    public final void stop() {
        running = false;
        if (thread == null) {
            return;
        }
        if (stop == Stop.INTERRUPT) {
            thread.interrupt();
        }
        try {
            thread.join(joinTimeout);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tells whether the worker was started and not yet told to stop. */
    @Override
    public final boolean isRunning() {
        return running;
    }
}
