package io.orderflow.messaging.inbound;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Maps the CloudEvents types one consumer understands to the consumer's own classes and handlers.
 *
 * <p>The class is chosen by this table, never by anything the record says about Java types. Topics carry events for
 * several consumers: a type the contracts define that this consumer leaves to others is declared with
 * {@link #skip(String...)}, and skipped on its header without parsing its body. A type that is neither handled nor
 * skipped is unknown: such a record is dead-lettered (see {@link UnknownEventType}).
 *
 * <p>A consumer either handles events one at a time ({@link #on(String, Class, Consumer)}) or a poll's events at once
 * ({@link #accept(String, Class)} with {@link #inBatches(Consumer)}), which lets it change many rows with a few
 * set-based statements.
 */
public final class EventHandlers {

    private final String consumer;
    private final Map<String, Registration<?>> registrations = new LinkedHashMap<>();
    private final Set<String> skipped = new LinkedHashSet<>();
    private String trustedSource;
    private Consumer<List<InboundEvent<?>>> batchHandler;

    private EventHandlers(String consumer) {
        this.consumer = consumer;
    }

    /** Starts the table of a consumer; its name keys the consumer's inbox entries. */
    public static EventHandlers forConsumer(String consumer) {
        return new EventHandlers(consumer);
    }

    /**
     * Trusts events whose CloudEvents {@code source} is {@code source} only, such as {@code /order-service}: any other
     * is dead-lettered with reason {@code untrusted-source} before its body is read.
     */
    public EventHandlers from(String source) {
        this.trustedSource = source;
        return this;
    }

    /** Adds a handler for the events of one CloudEvents type. */
    public <T> EventHandlers on(String type, Class<T> dataClass, Consumer<InboundEvent<T>> handler) {
        registrations.put(type, new Registration<>(dataClass, handler));
        return this;
    }

    /** Adds a type whose events go to the batch handler, with their bodies mapped to {@code dataClass}. */
    public <T> EventHandlers accept(String type, Class<T> dataClass) {
        registrations.put(type, new Registration<>(dataClass, null));
        return this;
    }

    /** Declares types that the contracts define on this consumer's topics and that it leaves to other consumers. */
    public EventHandlers skip(String... types) {
        skipped.addAll(List.of(types));
        return this;
    }

    /**
     * Sets the handler of the accepted types: it gets each poll's first deliveries at once, in offset order, inside
     * the transaction that records them in the inbox.
     */
    public EventHandlers inBatches(Consumer<List<InboundEvent<?>>> handler) {
        this.batchHandler = handler;
        return this;
    }

    /** Returns the consumer's name. */
    public String consumer() {
        return consumer;
    }

    /** Returns the CloudEvents types this consumer handles. */
    public Set<String> types() {
        return Set.copyOf(registrations.keySet());
    }

    /** Returns the CloudEvents types this consumer skips on purpose. */
    public Set<String> skippedTypes() {
        return Set.copyOf(skipped);
    }

    /** Returns the one source this consumer trusts, or null if it has not declared one. */
    public String trustedSource() {
        return trustedSource;
    }

    boolean skips(String type) {
        return skipped.contains(type);
    }

    Optional<Registration<?>> registration(String type) {
        return Optional.ofNullable(registrations.get(type));
    }

    Consumer<List<InboundEvent<?>>> batchHandler() {
        return batchHandler;
    }

    record Registration<T>(Class<T> dataClass, Consumer<InboundEvent<T>> handler) {

        void handle(InboundEvent<?> event) {
            @SuppressWarnings("unchecked")
            InboundEvent<T> typed = (InboundEvent<T>) event;
            handler.accept(typed);
        }
    }
}
