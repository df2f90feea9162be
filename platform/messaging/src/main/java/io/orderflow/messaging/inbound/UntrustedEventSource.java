package io.orderflow.messaging.inbound;

/**
 * Says that a record's CloudEvents source is not the producer its consumer trusts on that topic: whoever wrote it is
 * not the service that owns the topic. It goes to the dead-letter topic with reason {@code untrusted-source}, unread.
 */
public final class UntrustedEventSource extends EventContractViolation {

    public UntrustedEventSource(String consumer, String source, String trusted) {
        super(consumer + " trusts events from '" + trusted + "' only, not from '" + source + "'");
    }
}
