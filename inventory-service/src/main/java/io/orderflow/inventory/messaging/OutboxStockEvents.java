package io.orderflow.inventory.messaging;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.orderflow.inventory.reservation.StockEvents;
import io.orderflow.inventory.reservation.StockOutcome;
import io.orderflow.messaging.outbox.Outbox;
import io.orderflow.messaging.outbox.OutgoingEvent;

/** Turns what became of orders' stock into integration events on the outbox, keyed by the order id. */
@Component
final class OutboxStockEvents implements StockEvents {

    static final String INVENTORY_EVENTS = "inventory-events";
    /** The currency of every catalogue price. */
    static final String CURRENCY = "EUR";

    private final Outbox outbox;

    OutboxStockEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void announce(List<StockOutcome> outcomes) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<OutgoingEvent> answers = new ArrayList<>(outcomes.size());
        for (StockOutcome outcome : outcomes) {
            OutgoingEvent answer = answer(outcome, now);
            if (answer != null) {
                answers.add(answer);
            }
        }
        outbox.addAll(answers);
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
}
