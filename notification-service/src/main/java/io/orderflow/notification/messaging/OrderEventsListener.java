package io.orderflow.notification.messaging;

import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.orderflow.messaging.inbound.EventContractViolation;
import io.orderflow.messaging.inbound.EventHandlers;
import io.orderflow.messaging.inbound.InboundEvent;
import io.orderflow.messaging.inbound.InboundEventDispatcher;
import io.orderflow.notification.delivery.NotificationQueue;
import io.orderflow.notification.email.OrderEmails;
import io.orderflow.notification.ledger.EmailContent;
import io.orderflow.notification.ledger.NotificationType;

/**
 * Turns the final events of an order (confirmed, rejected, cancelled) into e-mails waiting in the notification
 * ledger. The e-mail is written and recorded in the transaction of the consumed event; sending happens later, so the
 * partition never waits for a mail server.
 */
@Component
final class OrderEventsListener {

    private static final String CONSUMER = "notification-service";

    private static final Logger log = LoggerFactory.getLogger(OrderEventsListener.class);

    private final InboundEventDispatcher dispatcher;
    private final NotificationQueue queue;
    private final OrderEmails emails = new OrderEmails();
    private final EventHandlers handlers;

    OrderEventsListener(InboundEventDispatcher dispatcher, NotificationQueue queue) {
        this.dispatcher = dispatcher;
        this.queue = queue;
        this.handlers = EventHandlers.forConsumer(CONSUMER)
                .on("io.orderflow.OrderConfirmed", OrderConfirmed.class, this::onConfirmed)
                .on("io.orderflow.OrderRejected", OrderRejected.class, this::onRejected)
                .on("io.orderflow.OrderCancelled", OrderCancelled.class, this::onCancelled);
    }

    @KafkaListener(topics = "order-events", groupId = CONSUMER, batch = "true")
    void onOrderEvents(List<ConsumerRecord<String, byte[]>> records) {
        dispatcher.dispatchAll(records, handlers);
    }

    private void onConfirmed(InboundEvent<OrderConfirmed> event) {
        OrderConfirmed order = event.data();
        UUID orderId = orderIdOf(event, order.orderId());
        require(order.total() != null && order.currency() != null, event, "total and currency");
        enqueue(event, orderId, NotificationType.ORDER_CONFIRMED, order.customerEmail(),
                emails.confirmation(orderId, lines(event, order.lines()), order.total(), order.currency()));
    }

    private void onRejected(InboundEvent<OrderRejected> event) {
        OrderRejected order = event.data();
        UUID orderId = orderIdOf(event, order.orderId());
        require(order.reason() != null && !order.reason().isBlank(), event, "a reason");
        enqueue(event, orderId, NotificationType.ORDER_REJECTED, order.customerEmail(),
                emails.rejection(orderId, lines(event, order.lines()), order.reason()));
    }

    private void onCancelled(InboundEvent<OrderCancelled> event) {
        OrderCancelled order = event.data();
        UUID orderId = orderIdOf(event, order.orderId());
        require(order.total() == null || order.currency() != null, event, "a currency for its total");
        enqueue(event, orderId, NotificationType.ORDER_CANCELLED, order.customerEmail(),
                emails.cancellation(orderId, lines(event, order.lines()), order.total(), order.currency()));
    }

    private void enqueue(InboundEvent<?> event, UUID orderId, NotificationType type, String recipient,
            EmailContent content) {
        require(recipient != null && !recipient.isBlank(), event, "a customerEmail");
        if (!queue.enqueueEmail(orderId, type, recipient, content)) {
            log.info("Order {} already has its {} e-mail; {} {} changes nothing", orderId, type, event.type(),
                    event.id());
        }
    }

    private static UUID orderIdOf(InboundEvent<?> event, UUID orderId) {
        require(orderId != null && orderId.toString().equalsIgnoreCase(event.subject()), event,
                "an orderId equal to its subject " + event.subject());
        return orderId;
    }

    private static List<OrderEmails.Line> lines(InboundEvent<?> event, List<OrderLine> lines) {
        require(lines != null && !lines.isEmpty(), event, "at least one line");
        return lines.stream().map(line -> {
            require(line != null && line.sku() != null && line.quantity() >= 1, event,
                    "lines with a sku and a positive quantity");
            return new OrderEmails.Line(line.sku(), line.quantity(), line.unitPrice());
        }).toList();
    }

    private static void require(boolean condition, InboundEvent<?> event, String what) {
        if (!condition) {
            throw new EventContractViolation(event.type() + " " + event.id() + " lacks " + what);
        }
    }
}
