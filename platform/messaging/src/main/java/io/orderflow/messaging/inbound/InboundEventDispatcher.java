package io.orderflow.messaging.inbound;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import io.orderflow.messaging.inbox.Inbox;
import io.orderflow.messaging.kafka.TransientFailures;

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
    private static final String TYPE_HEADER = "ce_type";
    private static final String SOURCE_HEADER = "ce_source";

    private final Inbox inbox;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final PersistenceContextReset persistenceContextReset;
    private final MeterRegistry meters;
    private final Map<String, Counter> skippedCounters = new ConcurrentHashMap<>();
    private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

    public InboundEventDispatcher(Inbox inbox, TransactionTemplate transactions, JsonMapper json,
            PersistenceContextReset persistenceContextReset, MeterRegistry meters) {
        this.inbox = inbox;
        this.transactions = transactions;
        this.json = json;
        this.persistenceContextReset = persistenceContextReset;
        this.meters = meters;
    }

    /**
     * Handles the records of one poll in one transaction, which saves a commit and a flush per record. With a batch
     * handler (see {@link EventHandlers#inBatches}) the poll's first deliveries go to it at once; otherwise each goes
     * to the handler of its type. If that transaction fails, the records are handled again one transaction each, so
     * that those before the failing one are committed and the container's error handler learns which record failed.
     *
     * @throws BatchListenerFailedException naming the first record that fails on its own, with its failure as cause;
     *     a {@link TransientBatchFailure} when that failure passes by itself
     */
    public void dispatchAll(List<ConsumerRecord<String, byte[]>> records, EventHandlers handlers) {
        List<Delivery> deliveries = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            Delivery delivery;
            try {
                delivery = read(record, handlers);
            }
            catch (RuntimeException ex) {
                // what came before the bad record is fine: apply it, then let the error handler dead-letter this one
                applyWithFallback(deliveries, handlers);
                throw new BatchListenerFailedException(ex.getMessage(), ex, record);
            }
            if (delivery != null) {
                deliveries.add(delivery);
            }
        }
        applyWithFallback(deliveries, handlers);
    }

    /**
     * Handles a record with the handler its type maps to, in a transaction of its own.
     *
     * @throws EventContractViolation if the record is not a valid event of a type the consumer knows
     */
    public void dispatch(ConsumerRecord<String, byte[]> record, EventHandlers handlers) {
        Delivery delivery = read(record, handlers);
        if (delivery != null) {
            transactions.executeWithoutResult(status -> apply(List.of(delivery), handlers));
        }
    }

    private void applyWithFallback(List<Delivery> deliveries, EventHandlers handlers) {
        if (deliveries.isEmpty()) {
            return;
        }
        if (deliveries.size() > 1) {
            try {
                transactions.executeWithoutResult(status -> apply(deliveries, handlers));
                return;
            }
            catch (RuntimeException ex) {
                log.debug("{} handles {} records one by one: {}", handlers.consumer(), deliveries.size(),
                        ex.toString());
            }
        }
        for (Delivery delivery : deliveries) {
            try {
                transactions.executeWithoutResult(status -> apply(List.of(delivery), handlers));
            }
            catch (RuntimeException ex) {
                throw TransientFailures.isTransient(ex)
                        ? new TransientBatchFailure(ex.getMessage(), ex, delivery.record())
                        : new BatchListenerFailedException(ex.getMessage(), ex, delivery.record());
            }
        }
    }

    /**
     * Returns the record as an event with its handler, or null if the consumer skips its type.
     *
     * @throws UntrustedEventSource if the record does not come from the producer the consumer trusts
     * @throws UnknownEventType if the consumer neither handles nor skips the type
     */
    private Delivery read(ConsumerRecord<String, byte[]> record, EventHandlers handlers) {
        String type = headerValue(record, TYPE_HEADER);
        if (type != null && handlers.registration(type).isEmpty() && handlers.skips(type)) {
            // another consumer's event, skipped on its header: its body is not parsed and its source not checked, so
            // that a bad record is dead-lettered once, by the consumer it was meant for, not by every group
            countSkipped(type, handlers);
            return null;
        }
        if (handlers.trustedSource() != null) {
            // a record without a source is no CloudEvent at all: reading its envelope dead-letters it as such
            String source = headerValue(record, SOURCE_HEADER);
            if (source != null && !handlers.trustedSource().equals(source)) {
                throw new UntrustedEventSource(handlers.consumer(), source, handlers.trustedSource());
            }
        }
        if (type != null && handlers.registration(type).isEmpty()) {
            throw new UnknownEventType(handlers.consumer(), type);
        }
        CloudEvent envelope = readEnvelope(record);
        if (isSkipped(envelope.getType(), handlers)) {
            return null;
        }
        var registration = handlers.registration(envelope.getType()).orElseThrow();
        return new Delivery(record, toInboundEvent(record, envelope, registration.dataClass()));
    }

    private boolean isSkipped(String type, EventHandlers handlers) {
        if (handlers.registration(type).isPresent()) {
            return false;
        }
        if (!handlers.skips(type)) {
            throw new UnknownEventType(handlers.consumer(), type);
        }
        countSkipped(type, handlers);
        return true;
    }

    private void countSkipped(String type, EventHandlers handlers) {
        skippedCounters.computeIfAbsent(handlers.consumer() + "\u0000" + type, key -> Counter
                .builder("orderflow.messaging.events.skipped")
                .description("Events of a type that the contracts define and that this consumer leaves to others")
                .tags("consumer", handlers.consumer(), "type", type)
                .register(meters)).increment();
    }

    private static String headerValue(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void apply(List<Delivery> deliveries, EventHandlers handlers) {
        Set<UUID> first = inbox.firstDeliveries(handlers.consumer(),
                deliveries.stream().map(delivery -> delivery.event().id()).toList());
        List<InboundEvent<?>> events = new ArrayList<>(first.size());
        for (Delivery delivery : deliveries) {
            // the same event twice in one poll (a relay re-send) counts once
            if (first.remove(delivery.event().id())) {
                events.add(delivery.event());
            }
            else {
                log.debug("{} already processed {} {}", handlers.consumer(), delivery.event().type(),
                        delivery.event().id());
            }
        }
        if (events.isEmpty()) {
            return;
        }
        if (handlers.batchHandler() != null) {
            handlers.batchHandler().accept(events);
            return;
        }
        for (InboundEvent<?> event : events) {
            handlers.registration(event.type()).orElseThrow().handle(event);
            persistenceContextReset.reset();
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
            data = readers.computeIfAbsent(dataClass, type -> json.readerFor(type)
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES))
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

    private record Delivery(ConsumerRecord<String, byte[]> record, InboundEvent<?> event) {
    }
}
