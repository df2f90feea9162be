package io.orderflow.messaging.inbound;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * Names the record of a poll that failed for a reason that passes by itself (the database away, a lock conflict), so
 * that the error handler retries it for as long as that lasts.
 *
 * <p>It is a class of its own because the error handler chooses a record's back-off when the record first fails, and
 * chooses again only when the class of the failure changes: had every failure been a plain
 * {@link BatchListenerFailedException}, a record whose first failure was of another kind (a closed session, say, as
 * the database went down) would have kept the few attempts of that kind through a long outage and been dead-lettered.
 */
public final class TransientBatchFailure extends BatchListenerFailedException {

    public TransientBatchFailure(String message, Throwable cause, ConsumerRecord<?, ?> record) {
        super(message, cause, record);
    }
}
