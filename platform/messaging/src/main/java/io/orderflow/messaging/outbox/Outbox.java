package io.orderflow.messaging.outbox;

import java.util.List;

/**
 * Accepts events to publish as part of the caller's database transaction.
 *
 * <p>The events are written to the outbox table in the same transaction as the state change that implies them, and
 * {@link OutboxRelay} sends them to Kafka after the commit. Either both are committed or neither is.
 */
public interface Outbox {

    /**
     * Adds an event to the current transaction.
     *
     * @throws IllegalStateException if no transaction is active
     */
    default void add(OutgoingEvent event) {
        addAll(List.of(event));
    }

    /**
     * Adds events to the current transaction with one statement; they are published in this order.
     *
     * @throws IllegalStateException if no transaction is active
     */
    void addAll(List<OutgoingEvent> events);
}
