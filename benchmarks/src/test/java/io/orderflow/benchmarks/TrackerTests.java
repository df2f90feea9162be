package io.orderflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.orderflow.benchmarks.OrderGenerator.Kind;
import io.orderflow.benchmarks.OrderGenerator.Line;
import io.orderflow.benchmarks.OrderGenerator.PlannedOrder;

class TrackerTests {

    private static final long S = 1_000_000_000L;
    private static final long WINDOW = 100 * S;

    private final Tracker tracker = new Tracker(new Timeline(WINDOW, 60), WINDOW, 0);

    @Test
    void everyOrderThatBecomesFinalInTheWindowCountsAsItsWorkWhenItWasPlaced() {
        // finished before the window: not the window's work
        tracker.accepted("early", plan(Kind.NORMAL), WINDOW - 5 * S, WINDOW - 5 * S, WINDOW - 4 * S, false);
        tracker.event("early", "OrderConfirmed", WINDOW - 3 * S);
        // a warm-up order still in flight when the window opened
        tracker.accepted("warm", plan(Kind.NORMAL), WINDOW - S, WINDOW - S, WINDOW - S / 2, false);
        tracker.event("warm", "OrderRejected", WINDOW + S / 10);
        // a measured one, and one accepted only when it was sent again after the load
        tracker.accepted("measured", plan(Kind.NORMAL), WINDOW + S, WINDOW + S, WINDOW + S, true);
        tracker.event("measured", "OrderConfirmed", WINDOW + 2 * S);
        tracker.event("resent", "OrderConfirmed", WINDOW + 9 * S);
        tracker.accepted("resent", plan(Kind.NORMAL), WINDOW + 3 * S, WINDOW + 3 * S, WINDOW + 10 * S, false);
        // a cancelled one, and one whose status only the API told
        Tracker.TrackedOrder cancelled = tracker.accepted("cancelled", plan(Kind.CANCEL), WINDOW + S, WINDOW + S,
                WINDOW + S, true);
        tracker.cancelRequested(cancelled);
        tracker.event("cancelled", "OrderCancelled", WINDOW + 2 * S);
        Tracker.TrackedOrder silent = tracker.accepted("silent", plan(Kind.NORMAL), WINDOW + S, WINDOW + S,
                WINDOW + S, true);
        tracker.apiStatus(silent, "CONFIRMED");

        assertThat(tracker.unfinished()).isZero();
        assertThat(tracker.finishedInWindow()).isEqualTo(5);
    }

    private static PlannedOrder plan(Kind kind) {
        return new PlannedOrder(0, kind, List.of(new Line("A", 1)), false);
    }
}
