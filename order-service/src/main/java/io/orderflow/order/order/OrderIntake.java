package io.orderflow.order.order;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

import io.orderflow.boot.BackgroundWorker;

/**
 * Places orders in groups: requests wait in a bounded queue, and one writer commits the orders of many requests, their
 * lines, their idempotency keys and their OrderPlaced events in one transaction with a few multi-row statements (group
 * commit). A request is answered only after its group committed.
 *
 * <p>The queue's bound is the admission control: a request that finds it full is refused at once
 * ({@link OrderIntakeFullException}) instead of waiting behind a backlog. If a group fails, its requests are written
 * again one transaction each, so that only a request that fails on its own gets the error. Requests with one
 * idempotency key in one group share one order.
 */
@Service
public class OrderIntake extends BackgroundWorker {

    private static final Logger log = LoggerFactory.getLogger(OrderIntake.class);
    private static final TimeBasedEpochGenerator IDS = Generators.timeBasedEpochGenerator();

    private final OrderRepository orders;
    private final OrderEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final BlockingQueue<IntakeSubmission> queue;
    private final int batchSize;
    private final Duration answerTimeout;
    private final Duration linger;
    private final Counter placed;
    private final Counter shed;

    OrderIntake(OrderRepository orders, OrderEvents events, TransactionTemplate transactions, Clock clock,
            @Value("${orderflow.orders.intake.capacity}") int capacity,
            @Value("${orderflow.orders.intake.batch-size}") int batchSize,
            @Value("${orderflow.orders.intake.answer-timeout}") Duration answerTimeout,
            @Value("${orderflow.orders.intake.linger}") Duration linger, MeterRegistry meters) {
        // stopping lets the writer answer every request it holds
        super("order-intake", Stop.LET_FINISH, Duration.ofSeconds(10));
        this.orders = orders;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.answerTimeout = answerTimeout;
        this.linger = linger;
        this.placed = Counter.builder("orderflow.orders.placed").description("Orders placed (committed)")
                .register(meters);
        this.shed = shedCounter(meters, "intake");
    }

    /**
     * Places an order and waits until it is committed.
     *
     * @param idempotencyKey the client's key, or null
     * @return the new order, or the id of the order an earlier request with the same key placed
     * @throws OrderIntakeFullException if the queue is full or the service is stopping
     * @throws IdempotencyKeyReusedException if the key was used for a different request
     */
    public Placement place(PlaceOrder request, String idempotencyKey) {
        IntakeSubmission submission = new IntakeSubmission(request, idempotencyKey, IDS.generate(), clock.instant());
        if (!isRunning() || !queue.offer(submission)) {
            shed.increment();
            throw new OrderIntakeFullException();
        }
        try {
            return submission.outcome.get(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(ex.getCause());
        }
        catch (TimeoutException ex) {
            // the order may still be committed: the client learns which by sending the request again
            shed.increment();
            throw new OrderIntakeFullException();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new OrderIntakeFullException();
        }
    }

    /**
     * Registers {@code orderflow.orders.shed{stage}}, the placements answered 503 at capacity at {@code stage}: in
     * front of the servlet ({@code admission}) or here ({@code intake}).
     */
    public static Counter shedCounter(MeterRegistry meters, String stage) {
        return Counter.builder("orderflow.orders.shed").tag("stage", stage)
                .description("Placements answered 503 at capacity").register(meters);
    }

    /** Returns how many requests wait for the writer. */
    public int waiting() {
        return queue.size();
    }

    @Override
    protected void work() {
        List<IntakeSubmission> batch = new ArrayList<>(batchSize);
        long groupStarted = 0;
        while (isRunning() || !queue.isEmpty()) {
            try {
                IntakeSubmission first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                // the next group starts no sooner than linger after the last one, so that at high rates the requests
                // of that moment share a commit; at low rates a request is written at once
                long early = linger.toNanos() - (System.nanoTime() - groupStarted);
                if (early > 0 && isRunning()) {
                    TimeUnit.NANOSECONDS.sleep(early);
                }
                groupStarted = System.nanoTime();
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                write(batch);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
            catch (RuntimeException ex) {
                log.error("The order intake failed a batch of {}", batch.size(), ex);
                batch.forEach(submission -> submission.outcome.completeExceptionally(ex));
            }
            finally {
                batch.clear();
            }
        }
        IntakeSubmission left;
        while ((left = queue.poll()) != null) {
            left.outcome.completeExceptionally(new OrderIntakeFullException());
        }
    }

    /** Writes a batch in one transaction, or each request in its own if the batch fails. */
    private void write(List<IntakeSubmission> batch) {
        List<IntakeSubmission> leaders = new ArrayList<>(batch.size());
        Map<String, IntakeSubmission> byKey = new LinkedHashMap<>();
        for (IntakeSubmission submission : batch) {
            IntakeSubmission leader = submission.key == null ? null : byKey.putIfAbsent(submission.key, submission);
            if (leader == null) {
                leaders.add(submission);
            }
            else if (leader.fingerprint().equals(submission.fingerprint())) {
                leader.followers.add(submission);
            }
            else {
                submission.outcome.completeExceptionally(new IdempotencyKeyReusedException(submission.key));
            }
        }
        if (leaders.size() > 1) {
            try {
                complete(transactions.execute(status -> writeInTransaction(leaders)));
                return;
            }
            catch (CannotCreateTransactionException ex) {
                // no connection: one by one, each request would wait for the connection timeout again
                leaders.forEach(leader -> leader.fail(ex));
                return;
            }
            catch (RuntimeException ex) {
                log.debug("Writing {} orders one by one: {}", leaders.size(), ex.toString());
            }
        }
        for (IntakeSubmission leader : leaders) {
            try {
                complete(transactions.execute(status -> writeInTransaction(List.of(leader))));
            }
            catch (RuntimeException ex) {
                leader.fail(ex);
            }
        }
    }

    /** Answers the requests of a committed group and counts the orders it placed. */
    private void complete(List<Decided> decided) {
        int placedOrders = 0;
        for (Decided outcome : decided) {
            placedOrders += outcome.outcome() instanceof Placement.Placed ? 1 : 0;
            outcome.complete();
        }
        placed.increment(placedOrders);
    }

    private List<Decided> writeInTransaction(List<IntakeSubmission> leaders) {
        List<Decided> decided = new ArrayList<>(leaders.size());
        Map<String, OrderBatchWrites.KeyClaim> claims = new LinkedHashMap<>();
        for (IntakeSubmission leader : leaders) {
            if (leader.key != null) {
                claims.put(leader.key, new OrderBatchWrites.KeyClaim(leader.fingerprint(), leader.orderId));
            }
        }
        Set<String> claimed = orders.claimKeys(claims);
        List<String> earlierKeys = claims.keySet().stream().filter(key -> !claimed.contains(key)).toList();
        Map<String, OrderBatchWrites.KeyClaim> earlier = orders.claimsOf(earlierKeys);
        List<Order> placed = new ArrayList<>(leaders.size());
        for (IntakeSubmission leader : leaders) {
            OrderBatchWrites.KeyClaim claim = leader.key == null ? null : earlier.get(leader.key);
            if (claim == null) {
                Order order = Order.place(leader.orderId, leader.request.customerId(),
                        leader.request.customerEmail(), leader.request.lines(), leader.placedAt);
                placed.add(order);
                decided.add(new Decided(leader, new Placement.Placed(order)));
            }
            else if (claim.fingerprint().equals(leader.fingerprint())) {
                decided.add(new Decided(leader, new Placement.PlacedBefore(claim.orderId())));
            }
            else {
                decided.add(new Decided(leader, new IdempotencyKeyReusedException(leader.key)));
            }
        }
        orders.insertAll(placed);
        events.placed(placed);
        return decided;
    }

    @Override
    public int getPhase() {
        // stops after the web server's graceful shutdown has let the requests in progress finish
        return SmartLifecycle.DEFAULT_PHASE - 1500;
    }

    /** The outcome of a request, known inside the transaction and told to the request once it committed. */
    private record Decided(IntakeSubmission submission, Object outcome) {

        Decided(IntakeSubmission submission, Placement placement) {
            this(submission, (Object) placement);
        }

        Decided(IntakeSubmission submission, RuntimeException failure) {
            this(submission, (Object) failure);
        }

        void complete() {
            if (outcome instanceof Placement placement) {
                submission.succeed(placement);
            }
            else {
                submission.fail((RuntimeException) outcome);
            }
        }
    }
}
