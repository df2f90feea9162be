package io.orderflow.messaging.inbound;

/**
 * Says that a record breaks the event contract: no CloudEvents headers, a body that is not the promised JSON, a key
 * that is not its subject, or data that contradicts what the consumer knows. Retrying cannot help, so the record goes
 * straight to the dead-letter topic.
 */
public sealed class EventContractViolation extends RuntimeException permits UnknownEventType, UntrustedEventSource {

    public EventContractViolation(String message) {
        super(message);
    }

    public EventContractViolation(String message, Throwable cause) {
        super(message, cause);
    }
}
