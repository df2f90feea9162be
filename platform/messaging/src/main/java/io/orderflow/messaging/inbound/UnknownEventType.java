package io.orderflow.messaging.inbound;

/**
 * Says that a record's CloudEvents type is one that no contract on its topic defines: a consumer neither handles it
 * nor skips it on purpose. It goes to the dead-letter topic with reason {@code unknown-type}, so that a producer that
 * publishes something new is noticed instead of silently ignored.
 */
public final class UnknownEventType extends EventContractViolation {

    private final String type;

    public UnknownEventType(String consumer, String type) {
        super(consumer + " knows no event type '" + type + "'");
        this.type = type;
    }

    /** Returns the type that no contract defines. */
    public String type() {
        return type;
    }
}
