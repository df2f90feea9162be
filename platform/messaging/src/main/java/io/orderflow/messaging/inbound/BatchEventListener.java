package io.orderflow.messaging.inbound;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Holds what a service's Kafka listener of batches has in common with every other: its table of event types and the
 * dispatcher that applies each poll in one transaction with the inbox. A subclass names the types it accepts and skips
 * ({@link EventHandlers}), handles each poll's new events in {@link #handle(List)}, and hands each poll to
 * {@link #dispatch(List)} from its own {@code @KafkaListener} method, which names the topic and the group.
 */
public abstract class BatchEventListener {

    private final InboundEventDispatcher dispatcher;
    private final EventHandlers handlers;

    /** Prepares a listener of the types that {@code handlers} accepts; their events go to {@link #handle(List)}. */
    protected BatchEventListener(InboundEventDispatcher dispatcher, EventHandlers handlers) {
        this.dispatcher = dispatcher;
        this.handlers = handlers.inBatches(this::handle);
    }

    /**
     * Handles the first deliveries of a poll at once, in offset order, inside the transaction that records them in
     * the inbox.
     */
    protected abstract void handle(List<InboundEvent<?>> events);

    /** Applies the records of one poll (see {@link InboundEventDispatcher#dispatchAll}). */
    protected final void dispatch(List<ConsumerRecord<String, byte[]>> records) {
        dispatcher.dispatchAll(records, handlers);
    }

    /** Returns the event types this listener handles and skips. */
    public final EventHandlers handlers() {
        return handlers;
    }
}
