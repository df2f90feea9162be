package io.orderflow.messaging.inbound;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import io.orderflow.messaging.inbox.Inbox;

/**
 * Applies consumed records: reads each one's CloudEvents envelope, maps the body to the consumer's type, and runs the
 * handler and the inbox check in a database transaction.
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
    private final PersistenceContextReset persistenceContextReset;

    public InboundEventDispatcher(Inbox inbox, TransactionTemplate transactions, JsonMapper json,
            PersistenceContextReset persistenceContextReset) {
        this.inbox = inbox;
        this.transactions = transactions;
        this.json = json;
        this.persistenceContextReset = persistenceContextReset;
    }

    /**
     * Handles the records of one poll in one transaction, which saves a commit and a flush per record. If any record
     * fails, that transaction rolls back and the records are handled again one transaction each, so that those before
     * the failing one are committed and the container's error handler learns which record failed.
     *
     * @throws BatchListenerFailedException naming the first record that fails on its own, with its failure as cause
     */
    public void dispatchAll(List<ConsumerRecord<String, byte[]>> records, EventHandlers handlers) {
        if (records.size() > 1 && dispatchInOneTransaction(records, handlers)) {
            return;
        }
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                dispatch(record, handlers);
            }
            catch (RuntimeException ex) {
                throw new BatchListenerFailedException(ex.getMessage(), ex, record);
            }
        }
    }

    /**
     * Handles a record with the handler its type maps to, in a transaction of its own.
     *
     * @throws EventContractViolation if the record is not a valid event of a type the consumer knows
     */
    public void dispatch(ConsumerRecord<String, byte[]> record, EventHandlers handlers) {
        Delivery delivery = read(record, handlers);
        if (delivery != null) {
            transactions.executeWithoutResult(status -> apply(delivery, handlers));
        }
    }

    private boolean dispatchInOneTransaction(List<ConsumerRecord<String, byte[]>> records, EventHandlers handlers) {
        try {
            List<Delivery> deliveries = new ArrayList<>(records.size());
            for (ConsumerRecord<String, byte[]> record : records) {
                Delivery delivery = read(record, handlers);
                if (delivery != null) {
                    deliveries.add(delivery);
                }
            }
            transactions.executeWithoutResult(status -> deliveries.forEach(delivery -> {
                apply(delivery, handlers);
                persistenceContextReset.reset();
            }));
            return true;
        }
        catch (RuntimeException ex) {
            log.debug("{} handles {} records one by one: {}", handlers.consumer(), records.size(), ex.toString());
            return false;
        }
    }

    /** Returns the record as an event with its handler, or null if the consumer does not handle its type. */
    private Delivery read(ConsumerRecord<String, byte[]> record, EventHandlers handlers) {
        CloudEvent envelope = readEnvelope(record);
        var registration = handlers.registration(envelope.getType());
        if (registration.isEmpty()) {
            log.trace("{} skips {} {}", handlers.consumer(), envelope.getType(), envelope.getId());
            return null;
        }
        return new Delivery(registration.get(), toInboundEvent(record, envelope, registration.get().dataClass()));
    }

    private void apply(Delivery delivery, EventHandlers handlers) {
        if (inbox.firstDelivery(handlers.consumer(), delivery.event().id())) {
            delivery.handle();
        }
        else {
            log.debug("{} already processed {} {}", handlers.consumer(), delivery.event().type(),
                    delivery.event().id());
        }
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

    private record Delivery(EventHandlers.Registration<?> registration, InboundEvent<?> event) {

        void handle() {
            registration.handle(event);
        }
    }
}
