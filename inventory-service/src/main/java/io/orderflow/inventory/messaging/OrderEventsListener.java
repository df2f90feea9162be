package io.orderflow.inventory.messaging;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.orderflow.inventory.reservation.StockReservations;
import io.orderflow.inventory.reservation.StockReservations.CancellationOutcome;
import io.orderflow.inventory.reservation.StockReservations.PlacementOutcome;
import io.orderflow.messaging.inbound.EventContractViolation;
import io.orderflow.messaging.inbound.EventHandlers;
import io.orderflow.messaging.inbound.InboundEvent;
import io.orderflow.messaging.inbound.InboundEventDispatcher;
import io.orderflow.messaging.outbox.Outbox;
import io.orderflow.messaging.outbox.OutgoingEvent;

/**
 * Reserves stock for placed orders and releases it for cancelled ones, answering on {@code inventory-events}.
 *
 * <p>Each record is handled in one transaction (the dispatcher's) together with its inbox entry and the answer in the
 * outbox. Other order events are skipped. Unlike the other services' listeners, this one does not share a transaction
 * across a poll's records: such a transaction would lock the skus of many orders in no global order, and the batches
 * of two consumers could deadlock.
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
        this.handlers = EventHandlers.forConsumer(CONSUMER)
                .on("io.orderflow.OrderPlaced", OrderPlaced.class, this::onOrderPlaced)
                .on("io.orderflow.OrderCancelled", OrderCancelled.class, this::onOrderCancelled);
    }

    @KafkaListener(topics = ORDER_EVENTS, groupId = CONSUMER)
    void onRecord(ConsumerRecord<String, byte[]> record) {
        dispatcher.dispatch(record, handlers);
    }

    private void onOrderPlaced(InboundEvent<OrderPlaced> event) {
        UUID orderId = orderIdOf(event, event.data().orderId());
        Instant now = now();
        switch (reservations.place(orderId, event.data().orderLines())) {
            case PlacementOutcome.Reserved reserved -> publish("io.orderflow.StockReserved", orderId,
                    new StockReserved(orderId, reserved.lines().stream()
                            .map(line -> new StockReserved.Line(line.sku(), line.quantity(), line.unitPrice()))
                            .toList(), CURRENCY, now));
            case PlacementOutcome.Rejected rejected -> publish("io.orderflow.StockReservationFailed", orderId,
                    new StockReservationFailed(orderId, rejected.reason().name(), rejected.shortages().stream()
                            .map(s -> new StockReservationFailed.Shortage(s.sku(), s.requested(), s.available(),
                                    s.unknownSku()))
                            .toList(), now));
            case PlacementOutcome.AlreadyDecided alreadyDecided -> {
                // a redelivery under another event id: the first delivery has answered
            }
        }
    }

    private void onOrderCancelled(InboundEvent<OrderCancelled> event) {
        UUID orderId = orderIdOf(event, event.data().orderId());
        if (reservations.cancel(orderId) instanceof CancellationOutcome.Released released) {
            publish("io.orderflow.StockReleased", orderId, new StockReleased(orderId, released.lines().stream()
                    .map(line -> new StockReleased.Line(line.sku(), line.quantity()))
                    .toList(), now()));
        }
    }

    private void publish(String type, UUID orderId, Object data) {
        outbox.add(new OutgoingEvent(INVENTORY_EVENTS, type, orderId.toString(), data));
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
