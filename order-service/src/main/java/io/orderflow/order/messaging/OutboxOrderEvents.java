package io.orderflow.order.messaging;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.orderflow.messaging.outbox.Outbox;
import io.orderflow.messaging.outbox.OutgoingEvent;
import io.orderflow.order.messaging.OrderIntegrationEvents.Line;
import io.orderflow.order.messaging.OrderIntegrationEvents.OrderCancelled;
import io.orderflow.order.messaging.OrderIntegrationEvents.OrderConfirmed;
import io.orderflow.order.messaging.OrderIntegrationEvents.OrderPlaced;
import io.orderflow.order.messaging.OrderIntegrationEvents.OrderRejected;
import io.orderflow.order.messaging.OrderIntegrationEvents.PricedLine;
import io.orderflow.order.order.DecidedOrder;
import io.orderflow.order.order.Order;
import io.orderflow.order.order.OrderEvents;
import io.orderflow.order.order.OrderStatus;

/** Turns what happened to an order into integration events on the outbox, keyed by the order id. */
@Component
final class OutboxOrderEvents implements OrderEvents {

    private final Outbox outbox;

    OutboxOrderEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void placed(List<Order> orders) {
        outbox.addAll(orders.stream().map(order -> event(order.id(), OrderPlaced.TYPE, new OrderPlaced(order.id(),
                order.customerId(), order.customerEmail(), lines(order), order.createdAt()))).toList());
    }

    @Override
    public void decided(List<DecidedOrder> orders) {
        outbox.addAll(orders.stream().map(order -> switch (order.status()) {
            case CONFIRMED -> event(order.id(), OrderConfirmed.TYPE, new OrderConfirmed(order.id(),
                    order.customerId(), order.customerEmail(), pricedLines(order), order.total(), order.currency(),
                    order.decidedAt()));
            case REJECTED -> event(order.id(), OrderRejected.TYPE, new OrderRejected(order.id(), order.customerId(),
                    order.customerEmail(), lines(order), order.rejectionReason(), order.decidedAt()));
            case PENDING, CANCELLED -> throw new IllegalArgumentException("Order " + order.id() + " is "
                    + order.status() + ", not decided");
        }).toList());
    }

    @Override
    public void cancelled(Order order, OrderStatus previousStatus) {
        outbox.add(event(order.id(), OrderCancelled.TYPE, new OrderCancelled(order.id(), order.customerId(),
                order.customerEmail(), pricedLines(order), order.total(), order.currency(), previousStatus.name(),
                order.cancellationReason().name(), order.updatedAt())));
    }

    private static OutgoingEvent event(UUID orderId, String type, Object data) {
        return new OutgoingEvent(OrderIntegrationEvents.TOPIC, type, orderId.toString(), data);
    }

    private static List<Line> lines(Order order) {
        return order.lines().stream().map(line -> new Line(line.sku(), line.quantity())).toList();
    }

    private static List<Line> lines(DecidedOrder order) {
        return order.lines().stream().map(line -> new Line(line.sku(), line.quantity())).toList();
    }

    private static List<PricedLine> pricedLines(DecidedOrder order) {
        return order.lines().stream()
                .map(line -> new PricedLine(line.sku(), line.quantity(), line.unitPrice()))
                .toList();
    }

    private static List<PricedLine> pricedLines(Order order) {
        return order.lines().stream()
                .map(line -> new PricedLine(line.sku(), line.quantity(), line.unitPrice()))
                .toList();
    }
}
