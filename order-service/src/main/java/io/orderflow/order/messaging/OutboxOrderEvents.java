package io.orderflow.order.messaging;

import java.util.List;

import org.springframework.stereotype.Component;

import io.orderflow.messaging.outbox.Outbox;
import io.orderflow.messaging.outbox.OutgoingEvent;
import io.orderflow.order.messaging.OrderIntegrationEvents.Line;
import io.orderflow.order.messaging.OrderIntegrationEvents.OrderCancelled;
import io.orderflow.order.messaging.OrderIntegrationEvents.OrderConfirmed;
import io.orderflow.order.messaging.OrderIntegrationEvents.OrderPlaced;
import io.orderflow.order.messaging.OrderIntegrationEvents.OrderRejected;
import io.orderflow.order.messaging.OrderIntegrationEvents.PricedLine;
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
    public void placed(Order order) {
        publish(order, OrderPlaced.TYPE, new OrderPlaced(order.id(), order.customerId(), order.customerEmail(),
                lines(order), order.createdAt()));
    }

    @Override
    public void confirmed(Order order) {
        publish(order, OrderConfirmed.TYPE, new OrderConfirmed(order.id(), order.customerId(), order.customerEmail(),
                pricedLines(order), order.total(), order.currency(), order.updatedAt()));
    }

    @Override
    public void rejected(Order order) {
        publish(order, OrderRejected.TYPE, new OrderRejected(order.id(), order.customerId(), order.customerEmail(),
                lines(order), order.rejectionReason(), order.updatedAt()));
    }

    @Override
    public void cancelled(Order order, OrderStatus previousStatus) {
        publish(order, OrderCancelled.TYPE, new OrderCancelled(order.id(), order.customerId(), order.customerEmail(),
                pricedLines(order), order.total(), order.currency(), previousStatus.name(), order.updatedAt()));
    }

    private void publish(Order order, String type, Object data) {
        outbox.add(new OutgoingEvent(OrderIntegrationEvents.TOPIC, type, order.id().toString(), data));
    }

    private static List<Line> lines(Order order) {
        return order.lines().stream().map(line -> new Line(line.sku(), line.quantity())).toList();
    }

    private static List<PricedLine> pricedLines(Order order) {
        return order.lines().stream()
                .map(line -> new PricedLine(line.sku(), line.quantity(), line.unitPrice()))
                .toList();
    }
}
