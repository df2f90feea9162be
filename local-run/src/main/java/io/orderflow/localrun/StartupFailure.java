package io.orderflow.localrun;

import io.orderflow.harness.ChildProcess;

/** Signals that a process of the local run did not come up; carries the process whose log explains why. */
final class StartupFailure extends RuntimeException {

    private final transient ChildProcess process;

    StartupFailure(String message, ChildProcess process) {
        super(message);
        this.process = process;
    }

    /** Returns the process whose log tail explains the failure, or {@code null}. */
    ChildProcess process() {
        return process;
    }
}
