package io.orderflow.order.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import io.orderflow.order.OrderServiceTest;
import io.orderflow.testsupport.TopicRecorder;

@OrderServiceTest
class OrderIntakeTests {

    /** Orders of this customer cannot be written: a trigger refuses their OrderPlaced in the outbox. */
    private static final String REFUSED = "c-refused-by-the-database";

    @RegisterExtension
    static final TopicRecorder recorder = TopicRecorder.recording("order-events");

    @Autowired
    OrderService orders;

    @Autowired
    OrderIntake intake;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void refuseOneCustomersEvents() {
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION refuse_marked_event() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.payload::text LIKE '%%%s%%' THEN RAISE EXCEPTION 'refused by the test'; END IF;
                    RETURN NEW;
                END $$""".formatted(REFUSED));
        jdbc.execute("DROP TRIGGER IF EXISTS refuse_marked_event ON outbox_event");
        jdbc.execute("""
                CREATE TRIGGER refuse_marked_event BEFORE INSERT ON outbox_event
                FOR EACH ROW EXECUTE FUNCTION refuse_marked_event()""");
    }

    @AfterEach
    void stopRefusing() {
        jdbc.execute("DROP TRIGGER IF EXISTS refuse_marked_event ON outbox_event");
        clients.close();
    }

    @Test
    void anOrderAndItsOrderPlacedAreCommittedTogetherOrNotAtAll() {
        assertThatThrownBy(() -> orders.place(request(REFUSED), null)).isInstanceOf(DataAccessException.class);

        assertThat(countOrdersOf(REFUSED)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE payload::text LIKE ?", Long.class,
                "%" + REFUSED + "%")).isZero();
    }

    @Test
    void aBadOrderInAGroupFailsAloneAndTheOthersArePlaced() throws Exception {
        String batch = "c-batch-" + UUID.randomUUID();
        List<CompletableFuture<Order>> good = new ArrayList<>();
        CompletableFuture<Order> bad;
        try (HeldOrderWriter writer = HeldOrderWriter.hold(dataSource)) {
            CompletableFuture<Order> opener = placeAsync(request(batch + "-opener"), null);
            writer.awaitWriterBlocked();
            for (int i = 0; i < 5; i++) {
                good.add(placeAsync(request(batch + "-" + i), null));
            }
            bad = placeAsync(request(REFUSED), null);
            for (int i = 5; i < 10; i++) {
                good.add(placeAsync(request(batch + "-" + i), null));
            }
            awaitWaiting(11);
            good.add(opener);
        }

        assertThat(bad).failsWithin(Duration.ofSeconds(20)).withThrowableThat()
                .havingCause().isInstanceOf(DataAccessException.class);
        for (CompletableFuture<Order> placed : good) {
            Order order = placed.get();
            assertThat(orders.find(order.id()).status()).isEqualTo(OrderStatus.PENDING);
            assertThat(countPlacedEvents(order)).isEqualTo(1);
        }
        assertThat(countOrdersOf(REFUSED)).isZero();
    }

    @Test
    void requestsWithOneIdempotencyKeyInOneGroupPlaceOneOrder() throws Exception {
        String customer = "c-same-key-" + UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        List<CompletableFuture<Order>> same = new ArrayList<>();
        CompletableFuture<Order> other;
        try (HeldOrderWriter writer = HeldOrderWriter.hold(dataSource)) {
            placeAsync(request(customer + "-opener"), null);
            writer.awaitWriterBlocked();
            for (int i = 0; i < 4; i++) {
                same.add(placeAsync(request(customer), key));
            }
            other = placeAsync(new PlaceOrder(customer, "ann@example.com", List.of(new OrderLine("SKU-2", 1))), key);
            awaitWaiting(5);
        }

        UUID id = same.getFirst().get().id();
        for (CompletableFuture<Order> placed : same) {
            assertThat(placed.get().id()).isEqualTo(id);
        }
        assertThat(other).failsWithin(Duration.ofSeconds(20)).withThrowableThat()
                .havingCause().isInstanceOf(IdempotencyKeyReusedException.class);
        assertThat(countOrdersOf(customer)).isEqualTo(1);
        assertThat(countPlacedEvents(same.getFirst().get())).isEqualTo(1);
    }

    private CompletableFuture<Order> placeAsync(PlaceOrder request, String key) {
        return CompletableFuture.supplyAsync(() -> orders.place(request, key), clients);
    }

    private void awaitWaiting(int requests) {
        await().atMost(Duration.ofSeconds(10)).until(() -> intake.waiting() == requests);
    }

    private long countOrdersOf(String customer) {
        return jdbc.queryForObject("SELECT count(*) FROM customer_order WHERE customer_id = ?", Long.class, customer);
    }

    private static int countPlacedEvents(Order order) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> recorder.records(order.id().toString(), "io.orderflow.OrderPlaced"), list -> !list.isEmpty())
                .size();
    }

    private static PlaceOrder request(String customer) {
        return new PlaceOrder(customer, "ann@example.com", List.of(new OrderLine("SKU-1", 2), new OrderLine("SKU-7", 1)));
    }
}
