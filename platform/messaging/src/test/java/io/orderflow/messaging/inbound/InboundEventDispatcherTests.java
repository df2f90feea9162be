package io.orderflow.messaging.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.CannotCreateTransactionException;
import tools.jackson.databind.json.JsonMapper;

import io.orderflow.messaging.MessagingDatabase;
import io.orderflow.messaging.inbox.Inbox;

class InboundEventDispatcherTests {

    private static final String PLACED = "io.orderflow.Placed";

    record Placed(String orderId, int quantity) {
    }

    private static final String OTHERS = "io.orderflow.ForSomeoneElse";

    @RegisterExtension
    final MessagingDatabase database = new MessagingDatabase();

    private final List<List<InboundEvent<?>>> batches = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InboundEventDispatcher dispatcher = new InboundEventDispatcher(new Inbox(database.jdbc()),
            database.transactions(), JsonMapper.builder().build(), PersistenceContextReset.NONE, meters);
    private long offset;

    @Test
    void handsAPollsFirstDeliveriesToTheBatchHandlerAtOnceAndEachEventOnlyOnce() {
        var first = placed(UUID.randomUUID(), "order-1", 1);
        var second = placed(UUID.randomUUID(), "order-2", 2);
        var resent = placed(eventId(first), "order-1", 1);

        dispatcher.dispatchAll(List.of(first, second, resent), handlers());
        dispatcher.dispatchAll(List.of(resent), handlers());

        assertThat(batches).hasSize(1);
        assertThat(batches.getFirst()).extracting(event -> ((Placed) event.data()).orderId())
                .containsExactly("order-1", "order-2");
    }

    @Test
    void skipsOtherConsumersEventTypesWithoutReadingTheirBodiesAndCountsThem() {
        var foreign = record(OTHERS, UUID.randomUUID(), "order-1", "not json at all".getBytes(StandardCharsets.UTF_8));
        var placed = placed(UUID.randomUUID(), "order-2", 1);

        dispatcher.dispatchAll(List.of(foreign, placed, foreign), handlers());

        assertThat(batches).singleElement().satisfies(batch -> assertThat(batch).hasSize(1));
        assertThat(meters.get("orderflow.messaging.events.skipped").tags("consumer", "test", "type", OTHERS)
                .counter().count()).isEqualTo(2);
    }

    @Test
    void refusesAnEventTypeThatNoContractDefinesAfterApplyingTheRecordsBeforeIt() {
        var good = placed(UUID.randomUUID(), "order-1", 1);
        var unknown = record("io.orderflow.NobodyKnowsMe", UUID.randomUUID(), "order-2",
                "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(causeOfFailureAt(unknown, List.of(good, unknown), handlers())).isInstanceOfSatisfying(
                UnknownEventType.class, cause -> assertThat(cause.type()).isEqualTo("io.orderflow.NobodyKnowsMe"));
        assertThat(processed()).containsExactly(eventId(good));
    }

    @Test
    void appliesTheRecordsBeforeAPoisonRecordAndNamesThePoisonToTheErrorHandler() {
        var good = placed(UUID.randomUUID(), "order-1", 1);
        var poison = record(PLACED, UUID.randomUUID(), "order-2", "{\"orderId\":".getBytes(StandardCharsets.UTF_8));
        var after = placed(UUID.randomUUID(), "order-3", 1);

        assertThat(causeOfFailureAt(poison, List.of(good, poison, after), handlers()))
                .isInstanceOf(EventContractViolation.class);
        assertThat(processed()).containsExactly(eventId(good));
    }

    @Test
    void refusesARecordFromASourceTheConsumerDoesNotTrustBeforeReadingIt() {
        var good = placed(UUID.randomUUID(), "order-1", 1);
        var forged = forged(PLACED, "order-2");

        assertThat(causeOfFailureAt(forged, List.of(good, forged), handlers().from("/test")))
                .isInstanceOf(UntrustedEventSource.class);
        assertThat(processed()).containsExactly(eventId(good));
    }

    @Test
    void skipsAnotherConsumersEventWithoutJudgingItsSourceSoThatOnlyItsOwnConsumerDeadLettersIt() {
        var forged = forged(OTHERS, "order-1");
        var good = placed(UUID.randomUUID(), "order-2", 1);

        dispatcher.dispatchAll(List.of(forged, good), handlers().from("/test"));

        assertThat(processed()).containsExactly(eventId(good));
        assertThat(meters.get("orderflow.messaging.events.skipped").tags("consumer", "test", "type", OTHERS)
                .counter().count()).isEqualTo(1);
    }

    @Test
    void redoesAFailingBatchOneRecordAtATimeSoThatOnlyTheFailingRecordIsReported() {
        var good = placed(UUID.randomUUID(), "order-1", 1);
        var failing = placed(UUID.randomUUID(), "order-2", 0);
        var alsoGood = placed(UUID.randomUUID(), "order-3", 1);
        EventHandlers refusingZero = EventHandlers.forConsumer("test").accept(PLACED, Placed.class)
                .inBatches(events -> {
                    if (events.stream().anyMatch(event -> ((Placed) event.data()).quantity() == 0)) {
                        throw new IllegalStateException("quantity 0");
                    }
                    batches.add(events);
                });

        causeOfFailureAt(failing, List.of(good, failing, alsoGood), refusingZero);
        assertThat(processed()).containsExactly(eventId(good));
    }

    @Test
    void namesARecordThatFailedForAPassingReasonAsATransientFailureSoThatItIsRetriedUntilItPasses() {
        var record = placed(UUID.randomUUID(), "order-1", 1);
        EventHandlers databaseAway = EventHandlers.forConsumer("test").accept(PLACED, Placed.class)
                .inBatches(events -> {
                    throw new CannotCreateTransactionException("Could not open JPA EntityManager for transaction");
                });
        EventHandlers broken = EventHandlers.forConsumer("test").accept(PLACED, Placed.class)
                .inBatches(events -> {
                    throw new IllegalStateException("a bug");
                });

        assertThatThrownBy(() -> dispatcher.dispatchAll(List.of(record), databaseAway))
                .isInstanceOf(TransientBatchFailure.class);
        assertThatThrownBy(() -> dispatcher.dispatchAll(List.of(record), broken))
                .isInstanceOf(BatchListenerFailedException.class).isNotInstanceOf(TransientBatchFailure.class);
    }

    @Test
    void emptiesThePersistenceContextAfterEachEventHandledOnItsOwn() {
        AtomicInteger resets = new AtomicInteger();
        List<String> handled = new ArrayList<>();
        InboundEventDispatcher resetting = new InboundEventDispatcher(new Inbox(database.jdbc()),
                database.transactions(), JsonMapper.builder().build(), resets::incrementAndGet, meters);
        EventHandlers oneByOne = EventHandlers.forConsumer("test")
                .on(PLACED, Placed.class, event -> handled.add(event.data().orderId()));

        resetting.dispatchAll(List.of(placed(UUID.randomUUID(), "order-1", 1), placed(UUID.randomUUID(), "order-2",
                1)), oneByOne);

        assertThat(handled).containsExactly("order-1", "order-2");
        assertThat(resets).hasValue(2);
    }

    private EventHandlers handlers() {
        return EventHandlers.forConsumer("test").accept(PLACED, Placed.class).skip(OTHERS).inBatches(batches::add);
    }

    /** Dispatches {@code batch}, expecting the dispatcher to name {@code failing} to the error handler; returns why. */
    private Throwable causeOfFailureAt(ConsumerRecord<String, byte[]> failing,
            List<ConsumerRecord<String, byte[]>> batch, EventHandlers handlers) {
        BatchListenerFailedException failed = catchThrowableOfType(BatchListenerFailedException.class,
                () -> dispatcher.dispatchAll(batch, handlers));
        assertThat(failed).as("the failure the dispatcher reports").isNotNull();
        assertThat(failed.getRecord()).isSameAs(failing);
        return failed.getCause();
    }

    private List<UUID> processed() {
        return database.jdbc().queryForList("SELECT event_id FROM inbox_event ORDER BY processed_at", UUID.class);
    }

    private ConsumerRecord<String, byte[]> placed(UUID eventId, String orderId, int quantity) {
        return record(PLACED, eventId, orderId, ("{\"orderId\":\"" + orderId + "\",\"quantity\":" + quantity + "}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Returns a record of {@code type} that claims to come from a source the consumer does not trust. */
    private ConsumerRecord<String, byte[]> forged(String type, String orderId) {
        var forged = record(type, UUID.randomUUID(), orderId, "not even JSON".getBytes(StandardCharsets.UTF_8));
        forged.headers().remove("ce_source");
        forged.headers().add("ce_source", "/somebody-else".getBytes(StandardCharsets.UTF_8));
        return forged;
    }

    private ConsumerRecord<String, byte[]> record(String type, UUID eventId, String orderId, byte[] body) {
        ProducerRecord<String, byte[]> produced = KafkaMessageFactory.createWriter("order-events", null, null, orderId)
                .writeBinary(CloudEventBuilder.v1().withId(eventId.toString()).withType(type)
                        .withSource(URI.create("/test")).withSubject(orderId).withTime(OffsetDateTime.now())
                        .withData("application/json", body).build());
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("order-events", 0, offset++, orderId,
                produced.value());
        produced.headers().forEach(header -> record.headers().add(header));
        return record;
    }

    private static UUID eventId(ConsumerRecord<String, byte[]> record) {
        return UUID.fromString(new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8));
    }
}
