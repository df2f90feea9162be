package io.orderflow.inventory.reservation;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

import io.orderflow.inventory.InventoryServiceTest;
import io.orderflow.inventory.product.ProductCatalogue;
import io.orderflow.inventory.reservation.StockReservations.CancellationOutcome;
import io.orderflow.inventory.reservation.StockReservations.PlacementOutcome;
import io.orderflow.messaging.kafka.TransientFailures;

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

        Race race = raceAnUncommittedReservation(order, sku, status -> reservations.cancel(order));

        assertThat(race.reservation()).isInstanceOf(PlacementOutcome.Reserved.class);
        assertThat(race.racerFailure()).hasRootCauseInstanceOf(ConcurrencyFailureException.class);
        assertThat(TransientFailures.isTransient(race.racerFailure()))
                .as("retried until it works, never dead-lettered").isTrue();

        CancellationOutcome retried = transactions().execute(status -> reservations.cancel(order));

        assertThat(retried).isInstanceOf(CancellationOutcome.Released.class);
        assertThat(catalogue.find(sku).orElseThrow().available()).isEqualTo(10);
        assertThat(catalogue.find(sku).orElseThrow().reserved()).isZero();
    }

    @Test
    void aSecondReservationOfTheSameOrderIsRetriedAndThenChangesNothing() throws Exception {
        String sku = newProduct("Raced plate");
        UUID order = UUID.randomUUID();

        Race race = raceAnUncommittedReservation(order, sku,
                status -> reservations.place(order, List.of(new OrderLine(sku, 4))));

        assertThat(race.reservation()).isInstanceOf(PlacementOutcome.Reserved.class);
        assertThat(race.racerFailure()).hasRootCauseInstanceOf(ConcurrencyFailureException.class);
        PlacementOutcome retried = transactions().execute(
                status -> reservations.place(order, List.of(new OrderLine(sku, 4))));

        assertThat(retried).isEqualTo(new PlacementOutcome.AlreadyDecided(LedgerStatus.RESERVED));
        assertThat(catalogue.find(sku).orElseThrow().reserved()).isEqualTo(4);
    }

    /**
     * Reserves 4 of {@code sku} for {@code order} on one "instance" and, while that transaction is still open, runs
     * {@code racer} on another; lets the reservation commit once the racer waits for its lock.
     */
    private Race raceAnUncommittedReservation(UUID order, String sku, TransactionCallback<?> racer) throws Exception {
        CountDownLatch reservedUncommitted = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<PlacementOutcome> reservation = CompletableFuture.supplyAsync(
                () -> transactions().execute(status -> {
                    PlacementOutcome outcome = reservations.place(order, List.of(new OrderLine(sku, 4)));
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

    private record Race(PlacementOutcome reservation, Throwable racerFailure) {
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
