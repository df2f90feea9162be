package io.orderflow.messaging.inbound;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

import io.orderflow.messaging.kafka.DeadLetterTopics;
import io.orderflow.messaging.kafka.TransientFailures;

/**
 * Builds the error handler of every listener container.
 *
 * <ul>
 * <li>Contract violations and deserialization failures go to the dead-letter topic at once; a record of a type no
 * contract defines gets reason {@code unknown-type}; one from a producer its consumer does not trust,
 * {@code untrusted-source}.</li>
 * <li>Transient failures (see {@link TransientFailures}) are retried with exponential back-off for as long as they
 * last; they never reach the dead-letter topic, because the record is fine and the world is not.</li>
 * <li>Any other failure is retried a few times, then dead-lettered with the exception in its headers.</li>
 * </ul>
 * If the dead-letter topic cannot be written, the record is not skipped: the handler logs it and tries again.
 */
public final class ListenerErrorHandlerFactory {

    private static final Logger log = LoggerFactory.getLogger(ListenerErrorHandlerFactory.class);

    private static final List<String> REASONS =
            List.of("contract-violation", "unknown-type", "untrusted-source", "failed");

    private ListenerErrorHandlerFactory() {
    }

    /**
     * Creates the error handler, dead-lettering through {@code template} and counting each dead letter, once Kafka
     * has it, in {@code orderflow.messaging.dead.letters{reason}}.
     */
    public static DefaultErrorHandler create(KafkaOperations<?, ?> template, int otherFailureAttempts,
            MeterRegistry meters) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                (record, ex) -> new TopicPartition(DeadLetterTopics.of(record.topic()), record.partition()));
        recoverer.setWaitForSendResultTimeout(Duration.ofSeconds(10));
        recoverer.setFailIfSendResultIsError(true);
        recoverer.setHeadersFunction((record, ex) -> {
            String reason = reasonOf(ex);
            log.error("Dead-lettering {}-{}@{} ({}): {}", record.topic(), record.partition(), record.offset(), reason,
                    ex.getMessage());
            return new RecordHeaders(new RecordHeader[] {
                    new RecordHeader(DeadLetterTopics.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8)) });
        });
        // registered now, at zero, so that an alert on their increase sees the first dead letter
        Map<String, Counter> deadLetters = new HashMap<>();
        for (String reason : REASONS) {
            deadLetters.put(reason, Counter.builder("orderflow.messaging.dead.letters").tag("reason", reason)
                    .description("Records this service's consumers put on a dead-letter topic, by reason")
                    .register(meters));
        }
        ConsumerAwareRecordRecoverer counted = (record, consumer, ex) -> {
            // throws if the dead-letter topic could not be written: then nothing is counted and the record is retried
            recoverer.accept(record, consumer, ex);
            deadLetters.get(reasonOf(ex)).increment();
        };

        DefaultErrorHandler handler = new DefaultErrorHandler(counted,
                new FixedBackOff(500, Math.max(0, otherFailureAttempts - 1)));
        ExponentialBackOff untilItWorks = new ExponentialBackOff(200, 2.0);
        untilItWorks.setMaxInterval(10_000);
        handler.setBackOffFunction((record, ex) -> TransientFailures.isTransient(ex) ? untilItWorks : null);
        handler.addNotRetryableExceptions(EventContractViolation.class, DeserializationException.class);
        handler.setCommitRecovered(true);
        return handler;
    }

    /** Returns why {@code ex} dead-letters its record: the {@link DeadLetterTopics#REASON_HEADER} value. */
    private static String reasonOf(Throwable ex) {
        return causedBy(ex, UntrustedEventSource.class) ? "untrusted-source"
                : causedBy(ex, UnknownEventType.class) ? "unknown-type"
                : isContractViolation(ex) ? "contract-violation" : "failed";
    }

    private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isContractViolation(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof EventContractViolation || cause instanceof DeserializationException) {
                return true;
            }
        }
        return false;
    }
}
