package io.orderflow.notification.messaging;

import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.orderflow.messaging.inbound.BatchEventListener;
import io.orderflow.messaging.inbound.EventContractViolation;
import io.orderflow.messaging.inbound.EventHandlers;
import io.orderflow.messaging.inbound.InboundEvent;
import io.orderflow.messaging.inbound.InboundEventDispatcher;
import io.orderflow.notification.notification.EmailContent;
import io.orderflow.notification.notification.NotificationQueue.NewEmail;
import io.orderflow.notification.notification.NotificationQueue;
import io.orderflow.notification.notification.NotificationType;
import io.orderflow.notification.notification.OrderEmails;

/**
 * Turns the final events of an order (confirmed, rejected, cancelled) into e-mails waiting in the notification
 * ledger. The e-mails of a poll are written and recorded with one statement in the transaction of the consumed events;
 * sending happens later, so the partition never waits for a mail server.
 */
@Component
final class OrderEventsListener extends BatchEventListener {

    private static final String CONSUMER = "notification-service";

    private static final Logger log = LoggerFactory.getLogger(OrderEventsListener.class);

    private final NotificationQueue queue;
    private final OrderEmails emails = new OrderEmails();

    OrderEventsListener(InboundEventDispatcher dispatcher, NotificationQueue queue) {
        super(dispatcher, EventHandlers.forConsumer(CONSUMER).from("/order-service")
                .accept("io.orderflow.OrderConfirmed", OrderConfirmed.class)
                .accept("io.orderflow.OrderRejected", OrderRejected.class)
                .accept("io.orderflow.OrderCancelled", OrderCancelled.class)
                .skip("io.orderflow.OrderPlaced"));
        this.queue = queue;
    }

    @KafkaListener(topics = "order-events", groupId = CONSUMER, batch = "true")
    void onOrderEvents(List<ConsumerRecord<String, byte[]>> records) {
        dispatch(records);
    }

    @Override
    protected void handle(List<InboundEvent<?>> events) {
        List<NewEmail> newEmails = events.stream().map(this::email).toList();
        for (NewEmail repeated : queue.enqueueEmails(newEmails)) {
            log.info("Order {} already has its {} e-mail; a later event changes nothing", repeated.orderId(),
                    repeated.type());
        }
    }

    private NewEmail email(InboundEvent<?> event) {
        return switch (event.data()) {
            case OrderConfirmed confirmed -> confirmation(event, confirmed);
            case OrderRejected rejected -> rejection(event, rejected);
            case OrderCancelled cancelled -> cancellation(event, cancelled);
            default -> throw new EventContractViolation("Unexpected " + event.type() + " " + event.id());
        };
    }

    private NewEmail confirmation(InboundEvent<?> event, OrderConfirmed order) {
        UUID orderId = orderIdOf(event, order.orderId());
        require(order.total() != null && order.currency() != null, event, "total and currency");
        return newEmail(event, orderId, NotificationType.ORDER_CONFIRMED, order.customerEmail(),
                emails.confirmation(orderId, lines(event, order.lines()), order.total(), order.currency()));
    }

    private NewEmail rejection(InboundEvent<?> event, OrderRejected order) {
        UUID orderId = orderIdOf(event, order.orderId());
        require(order.reason() != null && !order.reason().isBlank(), event, "a reason");
        return newEmail(event, orderId, NotificationType.ORDER_REJECTED, order.customerEmail(),
                emails.rejection(orderId, lines(event, order.lines()), order.reason()));
    }

    private NewEmail cancellation(InboundEvent<?> event, OrderCancelled order) {
        UUID orderId = orderIdOf(event, order.orderId());
        require(order.total() == null || order.currency() != null, event, "a currency for its total");
        return newEmail(event, orderId, NotificationType.ORDER_CANCELLED, order.customerEmail(),
                emails.cancellation(orderId, lines(event, order.lines()), order.total(), order.currency()));
    }

    private static NewEmail newEmail(InboundEvent<?> event, UUID orderId, NotificationType type, String recipient,
            EmailContent content) {
        require(recipient != null && !recipient.isBlank(), event, "a customerEmail");
        return new NewEmail(orderId, type, recipient, content);
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
