package io.orderflow.order.messaging;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.orderflow.messaging.inbound.EventContractViolation;
import io.orderflow.messaging.inbound.EventHandlers;
import io.orderflow.messaging.inbound.InboundEvent;
import io.orderflow.messaging.inbound.InboundEventDispatcher;
import io.orderflow.order.messaging.InventoryIntegrationEvents.StockReservationFailed;
import io.orderflow.order.messaging.InventoryIntegrationEvents.StockReserved;
import io.orderflow.order.order.OrderNotFoundException;
import io.orderflow.order.order.OrderService;

/** Moves orders on when inventory-service answers their reservation. */
@Component
final class InventoryEventsListener {

    static final String CONSUMER = "order-service";

    private final InboundEventDispatcher dispatcher;
    private final OrderService orders;
    private final EventHandlers handlers;

    InventoryEventsListener(InboundEventDispatcher dispatcher, OrderService orders) {
        this.dispatcher = dispatcher;
        this.orders = orders;
        this.handlers = EventHandlers.forConsumer(CONSUMER)
                .on(StockReserved.TYPE, StockReserved.class, this::onStockReserved)
                .on(StockReservationFailed.TYPE, StockReservationFailed.class, this::onStockReservationFailed);
    }

    @KafkaListener(id = "inventory-events-listener", topics = InventoryIntegrationEvents.TOPIC, groupId = CONSUMER,
            batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        dispatcher.dispatchAll(records, handlers);
    }

    private void onStockReserved(InboundEvent<StockReserved> event) {
        Map<String, BigDecimal> prices = new HashMap<>();
        event.data().lines().forEach(line -> prices.put(line.sku(), line.unitPrice()));
        try {
            orders.confirm(event.data().orderId(), prices);
        }
        catch (OrderNotFoundException | IllegalArgumentException ex) {
            throw new EventContractViolation("StockReserved " + event.id() + " does not fit an order: "
                    + ex.getMessage(), ex);
        }
    }

    private void onStockReservationFailed(InboundEvent<StockReservationFailed> event) {
        StockReservationFailed failure = event.data();
        String reason = "ORDER_CANCELLED".equals(failure.reason()) ? "The order was cancelled"
                : failure.shortages().stream()
                        .map(s -> s.unknownSku() ? s.sku() + ": unknown sku"
                                : s.sku() + ": requested " + s.requested() + ", available " + s.available())
                        .collect(Collectors.joining("; "));
        try {
            orders.reject(failure.orderId(), reason.isEmpty() ? failure.reason() : reason);
        }
        catch (OrderNotFoundException ex) {
            throw new EventContractViolation("StockReservationFailed " + event.id() + " names no known order", ex);
        }
    }
}
