package io.orderflow.messaging;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the messaging plumbing, under {@code orderflow.messaging}.
 *
 * @param source the CloudEvents source of events this service publishes, for example {@code /order-service}
 * @param topics the topics this service reads or writes; each is declared with its dead-letter topic
 * @param partitions the partition count of declared topics
 * @param replicationFactor the replication factor of declared topics
 * @param relay the outbox relay's settings; a service that publishes nothing sets
 *     {@code orderflow.messaging.outbox.enabled=false} and runs no relay
 * @param failedAttempts how often a listener tries a record that fails for a reason neither transient nor a contract
 *     violation before dead-lettering it
 * @param inboxRetention how long processed event ids are remembered
 */
@ConfigurationProperties("orderflow.messaging")
public record MessagingProperties(String source, List<String> topics, Integer partitions, Short replicationFactor,
        Relay relay, Integer failedAttempts, Duration inboxRetention) {

    public MessagingProperties {
        topics = topics == null ? List.of() : List.copyOf(topics);
        partitions = partitions == null ? 6 : partitions;
        replicationFactor = replicationFactor == null ? 1 : replicationFactor;
        relay = relay == null ? new Relay(null, null, null, null, null) : relay;
        failedAttempts = failedAttempts == null ? 3 : failedAttempts;
        inboxRetention = inboxRetention == null ? Duration.ofDays(7) : inboxRetention;
    }

    /**
     * Settings of the outbox relay.
     *
     * @param batchSize how many rows one batch publishes at most
     * @param pollInterval how long the relay waits for a wake-up before it looks anyway
     * @param sendTimeout how long the relay waits for Kafka to acknowledge a batch
     * @param linger the least time between the starts of two batches while commits keep waking the relay, so that at
     *     high rates the rows of many commits share a batch; at low rates a commit's rows leave at once
     * @param maxAttempts how often Kafka may refuse an event while it takes others before the event is parked
     */
    public record Relay(Integer batchSize, Duration pollInterval, Duration sendTimeout, Duration linger,
            Integer maxAttempts) {

        public Relay {
            batchSize = batchSize == null ? 1000 : batchSize;
            pollInterval = pollInterval == null ? Duration.ofMillis(100) : pollInterval;
            sendTimeout = sendTimeout == null ? Duration.ofSeconds(30) : sendTimeout;
            linger = linger == null ? Duration.ofMillis(20) : linger;
            maxAttempts = maxAttempts == null ? 10 : maxAttempts;
        }
    }
}
