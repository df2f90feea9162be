package io.orderflow.inventory.messaging;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.orderflow.inventory.reservation.StockOutcome;
import io.orderflow.inventory.reservation.StockRequest;
import io.orderflow.inventory.reservation.StockReservations;
import io.orderflow.messaging.inbound.EventContractViolation;
import io.orderflow.messaging.inbound.EventHandlers;
import io.orderflow.messaging.inbound.InboundEvent;
import io.orderflow.messaging.inbound.InboundEventDispatcher;
import io.orderflow.messaging.outbox.Outbox;
import io.orderflow.messaging.outbox.OutgoingEvent;

/**
 * Reserves stock for placed orders and releases it for cancelled ones, answering on {@code inventory-events}.
 *
 * <p>Each poll's records are handled in one transaction (the dispatcher's), together with their inbox entries and the
 * answers in the outbox; {@link StockReservations} locks what they touch in one global order, so that the batches of
 * two consumers cannot deadlock. Other order events are skipped unread.
 */
@Component
final class OrderEventsListener {

    static final String CONSUMER = "inventory-service";
    static final String ORDER_EVENTS = "order-events";
    static final String INVENTORY_EVENTS = "inventory-events";
    /** The currency of every catalogue price. */
    static final String CURRENCY = "EUR";

    private final InboundEventDispatcher dispatcher;
    private final StockReservations reservations;
    private final Outbox outbox;
    private final EventHandlers handlers;

    OrderEventsListener(InboundEventDispatcher dispatcher, StockReservations reservations, Outbox outbox) {
        this.dispatcher = dispatcher;
        this.reservations = reservations;
        this.outbox = outbox;
        this.handlers = EventHandlers.forConsumer(CONSUMER).from("/order-service")
                .accept("io.orderflow.OrderPlaced", OrderPlaced.class)
                .accept("io.orderflow.OrderCancelled", OrderCancelled.class)
                .skip("io.orderflow.OrderConfirmed", "io.orderflow.OrderRejected")
                .inBatches(this::onOrderEvents);
    }

    /** Returns the event types this listener handles and skips. */
    EventHandlers handlers() {
        return handlers;
    }

    // the group may be renamed to replay order-events from the start: the ledger still applies each event once
    @KafkaListener(id = "order-events-listener", topics = ORDER_EVENTS,
            groupId = "${orderflow.inventory.consumer-group:" + CONSUMER + "}", batch = "true")
    void onRecords(List<ConsumerRecord<String, byte[]>> records) {
        dispatcher.dispatchAll(records, handlers);
    }

    private void onOrderEvents(List<InboundEvent<?>> events) {
        List<StockRequest> requests = events.stream().map(OrderEventsListener::request).toList();
        Instant now = now();
        List<OutgoingEvent> answers = new ArrayList<>(requests.size());
        for (StockOutcome outcome : reservations.apply(requests)) {
            OutgoingEvent answer = answer(outcome, now);
            if (answer != null) {
                answers.add(answer);
            }
        }
        outbox.addAll(answers);
    }

    private static StockRequest request(InboundEvent<?> event) {
        return switch (event.data()) {
            case OrderPlaced placed -> new StockRequest.Placement(orderIdOf(event, placed.orderId()),
                    placed.orderLines());
            case OrderCancelled cancelled -> new StockRequest.Cancellation(orderIdOf(event, cancelled.orderId()));
            default -> throw new EventContractViolation("Unexpected " + event.type() + " " + event.id());
        };
    }

    /** Returns the event that announces an outcome, or null if there is nothing new to announce. */
    private static OutgoingEvent answer(StockOutcome outcome, Instant now) {
        UUID orderId = outcome.orderId();
        return switch (outcome) {
            case StockOutcome.Reserved reserved -> event("io.orderflow.StockReserved", orderId,
                    new StockReserved(orderId, reserved.lines().stream()
                            .map(line -> new StockReserved.Line(line.sku(), line.quantity(), line.unitPrice()))
                            .toList(), CURRENCY, now));
            case StockOutcome.Rejected rejected -> event("io.orderflow.StockReservationFailed", orderId,
                    new StockReservationFailed(orderId, rejected.reason().name(), rejected.shortages().stream()
                            .map(s -> new StockReservationFailed.Shortage(s.sku(), s.requested(), s.available(),
                                    s.unknownSku()))
                            .toList(), now));
            case StockOutcome.Released released -> event("io.orderflow.StockReleased", orderId,
                    new StockReleased(orderId, released.lines().stream()
                            .map(line -> new StockReleased.Line(line.sku(), line.quantity()))
                            .toList(), now));
            // a redelivery under another event id, or nothing held: the first delivery has answered
            case StockOutcome.NothingToAnnounce nothing -> null;
        };
    }

    private static OutgoingEvent event(String type, UUID orderId, Object data) {
        return new OutgoingEvent(INVENTORY_EVENTS, type, orderId.toString(), data);
    }

    private static UUID orderIdOf(InboundEvent<?> event, UUID orderId) {
        if (!orderId.toString().equals(event.subject())) {
            throw new EventContractViolation(event.type() + " " + event.id() + " is about order " + orderId
                    + " but its subject is " + event.subject());
        }
        return orderId;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
