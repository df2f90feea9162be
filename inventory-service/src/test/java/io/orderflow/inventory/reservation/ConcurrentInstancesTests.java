package io.orderflow.inventory.reservation;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

import io.orderflow.inventory.InventoryServiceTest;
import io.orderflow.inventory.product.Product;
import io.orderflow.inventory.product.ProductCatalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Plays what happens when two instances handle the same order at once (a rebalance hands its partition over while the
 * old owner is still busy): the database, not the consumer, keeps the order's stock exactly once.
 */
@InventoryServiceTest
class ConcurrentInstancesTests {

    /** Runs each "instance" on a thread of its own (the common pool may have a single thread). */
    private final ExecutorService instances = Executors.newCachedThreadPool();

    @Autowired
    private StockReservations reservations;

    @Autowired
    private ProductCatalogue catalogue;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private PlatformTransactionManager transactionManager;

    @Test
    void aCancellationThatRacesTheReservationIsRetriedAndThenReleasesIt() throws Exception {
        String sku = newProduct("Raced mug");
        UUID order = UUID.randomUUID();

        Race race = raceAnUncommittedReservation(order, sku, status -> cancel(order));

        assertThat(race.reservation()).isInstanceOf(StockOutcome.Reserved.class);
        assertThat(race.racerFailure()).hasRootCauseInstanceOf(OrderRecordedConcurrently.class);

        StockOutcome retried = transactions().execute(status -> cancel(order));

        assertThat(retried).isInstanceOf(StockOutcome.Released.class);
        assertThat(catalogue.find(sku).orElseThrow().available()).isEqualTo(10);
        assertThat(catalogue.find(sku).orElseThrow().reserved()).isZero();
    }

    @Test
    void aSecondReservationOfTheSameOrderIsRetriedAndThenChangesNothing() throws Exception {
        String sku = newProduct("Raced plate");
        UUID order = UUID.randomUUID();

        Race race = raceAnUncommittedReservation(order, sku,
                status -> place(order, new OrderLine(sku, 4)));

        assertThat(race.reservation()).isInstanceOf(StockOutcome.Reserved.class);
        assertThat(race.racerFailure()).hasRootCauseInstanceOf(OrderRecordedConcurrently.class);
        StockOutcome retried = transactions().execute(status -> place(order, new OrderLine(sku, 4)));

        assertThat(retried).isEqualTo(new StockOutcome.NothingToAnnounce(order, LedgerStatus.RESERVED));
        assertThat(catalogue.find(sku).orElseThrow().reserved()).isEqualTo(4);
    }

    /**
     * Reserves 4 of {@code sku} for {@code order} on one "instance" and, while that transaction is still open, runs
     * {@code racer} on another; lets the reservation commit once the racer waits for its lock.
     */
    private Race raceAnUncommittedReservation(UUID order, String sku, TransactionCallback<?> racer) throws Exception {
        CountDownLatch reservedUncommitted = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<StockOutcome> reservation = CompletableFuture.supplyAsync(
                () -> transactions().execute(status -> {
                    StockOutcome outcome = place(order, new OrderLine(sku, 4));
                    reservedUncommitted.countDown();
                    await().until(() -> commit.getCount() == 0);
                    return outcome;
                }), instances);
        reservedUncommitted.await();
        CompletableFuture<?> racing = CompletableFuture.supplyAsync(() -> transactions().execute(racer), instances);
        await().atMost(Duration.ofSeconds(10)).until(this::someoneWaitsForALock);
        commit.countDown();
        return new Race(reservation.get(), catchThrowable(racing::join));
    }

    private record Race(StockOutcome reservation, Throwable racerFailure) {
    }

    @Test
    void batchesOfTwoInstancesThatOverlapOnSeveralSkusNeitherDeadlockNorOversell() throws Exception {
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            skus.add(newProduct("Contested item " + i));
        }
        Random random = new Random(7);
        List<List<StockRequest>> batches = new ArrayList<>();
        for (int b = 0; b < 40; b++) {
            List<StockRequest> batch = new ArrayList<>();
            for (int o = 0; o < 10; o++) {
                List<String> shuffled = new ArrayList<>(skus);
                Collections.shuffle(shuffled, random);
                batch.add(new StockRequest.Placement(UUID.randomUUID(), shuffled.subList(0, 2 + random.nextInt(3))
                        .stream().map(sku -> new OrderLine(sku, 1 + random.nextInt(2))).toList()));
            }
            batches.add(batch);
        }
        long deadlocksBefore = deadlocks();

        List<CompletableFuture<List<StockOutcome>>> applied = new ArrayList<>();
        for (List<StockRequest> batch : batches) {
            applied.add(CompletableFuture.supplyAsync(
                    () -> transactions().execute(status -> reservations.apply(batch)), instances));
        }
        List<StockOutcome> outcomes = new ArrayList<>();
        for (CompletableFuture<List<StockOutcome>> batch : applied) {
            outcomes.addAll(batch.get(60, TimeUnit.SECONDS));
        }

        assertThat(deadlocks()).isEqualTo(deadlocksBefore);
        assertThat(outcomes).hasSize(400).hasAtLeastOneElementOfType(StockOutcome.Reserved.class)
                .hasAtLeastOneElementOfType(StockOutcome.Rejected.class);
        for (String sku : skus) {
            Product product = catalogue.find(sku).orElseThrow();
            long reservedByOutcomes = outcomes.stream()
                    .filter(StockOutcome.Reserved.class::isInstance)
                    .flatMap(outcome -> ((StockOutcome.Reserved) outcome).lines().stream())
                    .filter(line -> line.sku().equals(sku))
                    .mapToLong(ReservedLine::quantity).sum();
            assertThat(product.available()).isNotNegative();
            assertThat(product.available() + product.reserved()).isEqualTo(10);
            assertThat(product.reserved()).isEqualTo(reservedByOutcomes);
        }
    }

    @Test
    void aBatchDecidesItsOrdersInTurnOnStockItFreesOrTakesItself() {
        String sku = newProduct("Turn-taking lamp");
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();

        List<StockOutcome> outcomes = transactions().execute(status -> reservations.apply(List.of(
                new StockRequest.Placement(first, List.of(new OrderLine(sku, 8))),
                new StockRequest.Placement(second, List.of(new OrderLine(sku, 8))),
                new StockRequest.Cancellation(first),
                new StockRequest.Placement(third, List.of(new OrderLine(sku, 8))),
                new StockRequest.Cancellation(third),
                new StockRequest.Cancellation(third))));

        assertThat(outcomes).extracting(outcome -> outcome.getClass().getSimpleName())
                .containsExactly("Reserved", "Rejected", "Released", "Reserved", "Released", "NothingToAnnounce");
        Product product = catalogue.find(sku).orElseThrow();
        assertThat(product.available()).isEqualTo(10);
        assertThat(product.reserved()).isZero();
    }

    private StockOutcome place(UUID order, OrderLine line) {
        return reservations.apply(List.of(new StockRequest.Placement(order, List.of(line)))).getFirst();
    }

    private StockOutcome cancel(UUID order) {
        return reservations.apply(List.of(new StockRequest.Cancellation(order))).getFirst();
    }

    private long deadlocks() {
        return jdbc.sql("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
                .query(Long.class).single();
    }

    private String newProduct(String name) {
        String sku = "R-" + UUID.randomUUID().toString().substring(0, 13);
        catalogue.add(sku, name, new BigDecimal("3.00"), 10);
        return sku;
    }

    private TransactionTemplate transactions() {
        return new TransactionTemplate(transactionManager);
    }

    @AfterEach
    void stopInstances() {
        instances.shutdownNow();
    }

    private boolean someoneWaitsForALock() {
        return jdbc.sql("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock'""").query(Long.class).single() > 0;
    }
}
