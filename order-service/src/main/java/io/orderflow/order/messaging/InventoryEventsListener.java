package io.orderflow.order.messaging;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.orderflow.messaging.inbound.BatchEventListener;
import io.orderflow.messaging.inbound.EventContractViolation;
import io.orderflow.messaging.inbound.EventHandlers;
import io.orderflow.messaging.inbound.InboundEvent;
import io.orderflow.messaging.inbound.InboundEventDispatcher;
import io.orderflow.order.messaging.InventoryIntegrationEvents.StockReservationFailed;
import io.orderflow.order.messaging.InventoryIntegrationEvents.StockReserved;
import io.orderflow.order.order.OrderNotFoundException;
import io.orderflow.order.order.OrderService;
import io.orderflow.order.order.ReservationAnswer;

/** Moves orders on when inventory-service answers their reservation. */
@Component
final class InventoryEventsListener extends BatchEventListener {

    static final String CONSUMER = "order-service";

    private final OrderService orders;

    InventoryEventsListener(InboundEventDispatcher dispatcher, OrderService orders) {
        super(dispatcher, EventHandlers.forConsumer(CONSUMER).from("/inventory-service")
                .accept(StockReserved.TYPE, StockReserved.class)
                .accept(StockReservationFailed.TYPE, StockReservationFailed.class)
                .skip("io.orderflow.StockReleased"));
        this.orders = orders;
    }

    @KafkaListener(id = "inventory-events-listener", topics = InventoryIntegrationEvents.TOPIC, groupId = CONSUMER,
            batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        dispatch(records);
    }

    @Override
    protected void handle(List<InboundEvent<?>> events) {
        List<ReservationAnswer> answers = events.stream().map(InventoryEventsListener::answer).toList();
        try {
            orders.applyReservationAnswers(answers);
        }
        catch (OrderNotFoundException | IllegalArgumentException ex) {
            throw new EventContractViolation("An inventory answer does not fit its order: " + ex.getMessage(), ex);
        }
    }

    private static ReservationAnswer answer(InboundEvent<?> event) {
        return switch (event.data()) {
            case StockReserved reserved -> {
                Map<String, BigDecimal> prices = new HashMap<>();
                reserved.lines().forEach(line -> prices.put(line.sku(), line.unitPrice()));
                yield new ReservationAnswer.Reserved(reserved.orderId(), prices);
            }
            case StockReservationFailed failure -> new ReservationAnswer.Refused(failure.orderId(), reason(failure));
            default -> throw new EventContractViolation("Unexpected " + event.type() + " " + event.id());
        };
    }

    private static String reason(StockReservationFailed failure) {
        String reason = "ORDER_CANCELLED".equals(failure.reason()) ? "The order was cancelled"
                : failure.shortages().stream()
                        .map(s -> s.unknownSku() ? s.sku() + ": unknown sku"
                                : s.sku() + ": requested " + s.requested() + ", available " + s.available())
                        .collect(Collectors.joining("; "));
        return reason.isEmpty() ? failure.reason() : reason;
    }
}
