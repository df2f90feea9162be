package io.orderflow.order.order;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Times each order from its placing to its outcome, the moment it leaves PENDING, in
 * {@code orderflow.orders.outcome{outcome=CONFIRMED|REJECTED|CANCELLED|TIMEOUT}}: its count is the orders that reached
 * each outcome, its histogram the saga's latency. An order is timed once, when the transaction that decided it has
 * committed, so a decision that is rolled back and made again counts once; a later cancellation of a confirmed order
 * is not timed again.
 */
@Component
final class OrderOutcomes {

    /** How an order left PENDING. */
    enum Outcome {
        CONFIRMED, REJECTED, CANCELLED, TIMEOUT
    }

    /** That one order reached {@code outcome}, placed at {@code placedAt}. */
    record Decision(Outcome outcome, Instant placedAt) {
    }

    private final Map<Outcome, Timer> timers = new EnumMap<>(Outcome.class);
    private final Clock clock;

    OrderOutcomes(MeterRegistry meters, Clock clock) {
        this.clock = clock;
        for (Outcome outcome : Outcome.values()) {
            // registered at start, so that every outcome is there, at zero, before its first order
            timers.put(outcome, Timer.builder("orderflow.orders.outcome")
                    .tag("outcome", outcome.name())
                    .description("Time from placing an order to its outcome (leaving PENDING)")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(10))
                    .maximumExpectedValue(Duration.ofMinutes(10))
                    .register(meters));
        }
    }

    /** Times one order, once the current transaction commits. */
    void decided(Outcome outcome, Instant placedAt) {
        decided(List.of(new Decision(outcome, placedAt)));
    }

    /** Times orders, once the current transaction commits (at once if there is none). */
    void decided(List<Decision> decisions) {
        if (decisions.isEmpty()) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            record(decisions);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                record(decisions);
            }
        });
    }

    private void record(List<Decision> decisions) {
        Instant now = clock.instant();
        for (Decision decision : decisions) {
            timers.get(decision.outcome()).record(Duration.between(decision.placedAt(), now).abs());
        }
    }
}
