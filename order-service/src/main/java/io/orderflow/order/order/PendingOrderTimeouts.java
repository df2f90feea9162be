package io.orderflow.order.order;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import io.orderflow.metrics.ThrottledReading;

/**
 * Cancels, with reason TIMEOUT, the orders whose reservation answer has not come within the pending timeout, through
 * the normal path: each gets its OrderCancelled, so inventory releases whatever it reserved and the customer is told.
 * Reports how many orders are PENDING and how old the oldest is.
 */
@Service
final class PendingOrderTimeouts implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PendingOrderTimeouts.class);
    private static final int BATCH = 500;

    private final OrderService orders;
    private final Clock clock;
    private final Duration timeout;
    private final Duration interval;
    private final Counter timedOut;
    private ScheduledExecutorService sweeper;

    PendingOrderTimeouts(OrderService orders, Clock clock, JdbcTemplate jdbc, MeterRegistry meters,
            @Value("${orderflow.orders.pending-timeout}") Duration timeout) {
        this.orders = orders;
        this.clock = clock;
        this.timeout = timeout;
        Duration tenth = timeout.dividedBy(10);
        this.interval = tenth.compareTo(Duration.ofSeconds(10)) < 0 ? tenth : Duration.ofSeconds(10);
        this.timedOut = Counter.builder("orderflow.orders.timed.out")
                .description("Orders cancelled because inventory's answer did not come within the pending timeout")
                .register(meters);
        // each is a query: read at most every few seconds, however often the metrics are scraped
        Gauge.builder("orderflow.orders.pending", ThrottledReading.of(() -> pendingCount(jdbc)),
                        ThrottledReading::value)
                .strongReference(true)
                .description("Orders waiting for inventory's answer")
                .register(meters);
        Gauge.builder("orderflow.orders.pending.oldest.age",
                        ThrottledReading.of(() -> oldestPendingAgeSeconds(jdbc)), ThrottledReading::value)
                .strongReference(true)
                .description("Age of the oldest order waiting for inventory's answer")
                .baseUnit("seconds")
                .register(meters);
        Gauge.builder("orderflow.orders.pending.timeout", timeout, limit -> limit.toMillis() / 1000.0)
                .description("How long an order may wait for inventory's answer before it is cancelled")
                .baseUnit("seconds")
                .register(meters);
    }

    /**
     * Cancels every order PENDING for longer than the timeout, in batches.
     *
     * @return how many orders were cancelled
     */
    int timeOutOverdueOrders() {
        int total = 0;
        int cancelled;
        do {
            cancelled = orders.timeOutPendingOrders(clock.instant().minus(timeout), BATCH);
            total += cancelled;
        }
        while (cancelled == BATCH);
        if (total > 0) {
            timedOut.increment(total);
            log.warn("Cancelled {} orders with reason TIMEOUT: inventory did not answer within {}", total, timeout);
        }
        return total;
    }

    private static double pendingCount(JdbcTemplate jdbc) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM customer_order WHERE status = 'PENDING'", Long.class);
        return count == null ? 0 : count;
    }

    private static double oldestPendingAgeSeconds(JdbcTemplate jdbc) {
        Double age = jdbc.queryForObject("""
                SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)
                FROM customer_order WHERE status = 'PENDING'""", Double.class);
        return age == null ? 0 : Math.max(0, age);
    }

    @Override
    public void start() {
        sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("pending-order-timeouts").daemon().factory());
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                timeOutOverdueOrders();
            }
            catch (RuntimeException ex) {
                // the database may be away; the next round tries again
                log.debug("Could not time out pending orders: {}", ex.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return sweeper != null && !sweeper.isShutdown();
    }
}
