package io.orderflow.messaging.inbound;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Maps the CloudEvents types one consumer understands to the consumer's own classes and handlers.
 *
 * <p>The class is chosen by this table, never by anything the record says about Java types. Types not in the table
 * are skipped: topics carry events for several consumers.
 */
public final class EventHandlers {

    private final String consumer;
    private final Map<String, Registration<?>> registrations = new LinkedHashMap<>();

    private EventHandlers(String consumer) {
        this.consumer = consumer;
    }

    /** Starts the table of a consumer; its name keys the consumer's inbox entries. */
    public static EventHandlers forConsumer(String consumer) {
        return new EventHandlers(consumer);
    }

    /** Adds a handler for the events of one CloudEvents type. */
    public <T> EventHandlers on(String type, Class<T> dataClass, Consumer<InboundEvent<T>> handler) {
        registrations.put(type, new Registration<>(dataClass, handler));
        return this;
    }

    /** Returns the consumer's name. */
    public String consumer() {
        return consumer;
    }

    Optional<Registration<?>> registration(String type) {
        return Optional.ofNullable(registrations.get(type));
    }

    record Registration<T>(Class<T> dataClass, Consumer<InboundEvent<T>> handler) {

        void handle(InboundEvent<?> event) {
            @SuppressWarnings("unchecked")
            InboundEvent<T> typed = (InboundEvent<T>) event;
            handler.accept(typed);
        }
    }
}
