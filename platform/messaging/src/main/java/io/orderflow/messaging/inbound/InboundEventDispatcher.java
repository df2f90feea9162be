package io.orderflow.messaging.inbound;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import io.orderflow.messaging.inbox.Inbox;

/**
 * Applies one consumed record: reads its CloudEvents envelope, maps the body to the consumer's type, and runs the
 * handler and the inbox check in one database transaction.
 *
 * <p>Fields the consumer's type does not know are ignored: producers may add fields without breaking anyone.
 *
 * <p>The transaction commits before the listener returns, so the container commits the offset only after the effect
 * is durable; if the transaction fails the record is delivered again.
 */
public final class InboundEventDispatcher {

    private static final Logger log = LoggerFactory.getLogger(InboundEventDispatcher.class);

    private final Inbox inbox;
    private final TransactionTemplate transactions;
    private final JsonMapper json;

    public InboundEventDispatcher(Inbox inbox, TransactionTemplate transactions, JsonMapper json) {
        this.inbox = inbox;
        this.transactions = transactions;
        this.json = json;
    }

    /**
     * Handles a record with the handler its type maps to.
     *
     * @throws EventContractViolation if the record is not a valid event of a type the consumer knows
     */
    public void dispatch(ConsumerRecord<String, byte[]> record, EventHandlers handlers) {
        CloudEvent envelope = readEnvelope(record);
        var registration = handlers.registration(envelope.getType());
        if (registration.isEmpty()) {
            log.trace("{} skips {} {}", handlers.consumer(), envelope.getType(), envelope.getId());
            return;
        }
        InboundEvent<?> event = toInboundEvent(record, envelope, registration.get().dataClass());
        transactions.executeWithoutResult(status -> {
            if (inbox.firstDelivery(handlers.consumer(), event.id())) {
                registration.get().handle(event);
            }
            else {
                log.debug("{} already processed {} {}", handlers.consumer(), event.type(), event.id());
            }
        });
    }

    private static CloudEvent readEnvelope(ConsumerRecord<String, byte[]> record) {
        try {
            return KafkaMessageFactory.createReader(record.headers(), record.value()).toEvent();
        }
        catch (RuntimeException ex) {
            throw new EventContractViolation("Not a binary-mode CloudEvent: " + ex.getMessage(), ex);
        }
    }

    private <T> InboundEvent<T> toInboundEvent(ConsumerRecord<String, byte[]> record, CloudEvent envelope,
            Class<T> dataClass) {
        String subject = envelope.getSubject();
        if (subject == null || !subject.equals(record.key())) {
            throw new EventContractViolation(
                    "Record key '" + record.key() + "' is not the event subject '" + subject + "'");
        }
        UUID id;
        try {
            id = UUID.fromString(envelope.getId());
        }
        catch (IllegalArgumentException ex) {
            throw new EventContractViolation("ce_id is not a UUID: " + envelope.getId(), ex);
        }
        if (envelope.getData() == null) {
            throw new EventContractViolation(envelope.getType() + " " + id + " has no body");
        }
        T data;
        try {
            data = json.readerFor(dataClass)
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(envelope.getData().toBytes());
        }
        catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
            throw new EventContractViolation(envelope.getType() + " " + id + " has a body that breaks its contract: "
                    + ex.getMessage() + ": " + abbreviate(envelope.getData().toBytes()), ex);
        }
        OffsetDateTime time = envelope.getTime();
        return new InboundEvent<>(id, envelope.getType(), subject, time, data);
    }

    private static String abbreviate(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }
}
