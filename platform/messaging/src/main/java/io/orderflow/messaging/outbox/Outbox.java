package io.orderflow.messaging.outbox;

/**
 * Accepts events to publish as part of the caller's database transaction.
 *
 * <p>The event is written to the outbox table in the same transaction as the state change that implies it, and
 * {@link OutboxRelay} sends it to Kafka after the commit. Either both are committed or neither is.
 */
public interface Outbox {

    /**
     * Adds an event to the current transaction.
     *
     * @throws IllegalStateException if no transaction is active
     */
    void add(OutgoingEvent event);
}
