package io.orderflow.inventory.messaging;

import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.orderflow.inventory.reservation.OrderRecordedConcurrently;
import io.orderflow.inventory.reservation.StockRequest;
import io.orderflow.inventory.reservation.StockReservations;
import io.orderflow.messaging.inbound.BatchEventListener;
import io.orderflow.messaging.inbound.EventContractViolation;
import io.orderflow.messaging.inbound.EventHandlers;
import io.orderflow.messaging.inbound.InboundEvent;
import io.orderflow.messaging.inbound.InboundEventDispatcher;

/**
 * Reserves stock for placed orders and releases it for cancelled ones, answering on {@code inventory-events}.
 *
 * <p>Each poll's records are handled in one transaction (the dispatcher's), together with their inbox entries and the
 * answers in the outbox ({@link OutboxStockEvents}); {@link StockReservations} locks what they touch in one global
 * order, so that the batches of two consumers cannot deadlock. Other order events are skipped unread.
 */
@Component
final class OrderEventsListener extends BatchEventListener {

    static final String CONSUMER = "inventory-service";
    static final String ORDER_EVENTS = "order-events";

    private final StockReservations reservations;

    OrderEventsListener(InboundEventDispatcher dispatcher, StockReservations reservations) {
        super(dispatcher, EventHandlers.forConsumer(CONSUMER).from("/order-service")
                .accept("io.orderflow.OrderPlaced", OrderPlaced.class)
                .accept("io.orderflow.OrderCancelled", OrderCancelled.class)
                .skip("io.orderflow.OrderConfirmed", "io.orderflow.OrderRejected"));
        this.reservations = reservations;
    }

    // the group may be renamed to replay order-events from the start: the ledger still applies each event once
    @KafkaListener(id = "order-events-listener", topics = ORDER_EVENTS,
            groupId = "${orderflow.inventory.consumer-group:" + CONSUMER + "}", batch = "true")
    void onRecords(List<ConsumerRecord<String, byte[]>> records) {
        dispatch(records);
    }

    @Override
    protected void handle(List<InboundEvent<?>> events) {
        List<StockRequest> requests = events.stream().map(OrderEventsListener::request).toList();
        try {
            reservations.apply(requests);
        }
        catch (OrderRecordedConcurrently ex) {
            // a lock conflict with another instance: the error handler retries it until it works
            throw new ConcurrencyFailureException(ex.getMessage(), ex);
        }
    }

    private static StockRequest request(InboundEvent<?> event) {
        return switch (event.data()) {
            case OrderPlaced placed -> new StockRequest.Placement(orderIdOf(event, placed.orderId()),
                    placed.orderLines());
            case OrderCancelled cancelled -> new StockRequest.Cancellation(orderIdOf(event, cancelled.orderId()));
            default -> throw new EventContractViolation("Unexpected " + event.type() + " " + event.id());
        };
    }

    private static UUID orderIdOf(InboundEvent<?> event, UUID orderId) {
        if (!orderId.toString().equals(event.subject())) {
            throw new EventContractViolation(event.type() + " " + event.id() + " is about order " + orderId
                    + " but its subject is " + event.subject());
        }
        return orderId;
    }
}
