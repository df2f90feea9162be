package io.orderflow.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import io.orderflow.messaging.outbox.OutboxRelay;
import io.orderflow.testsupport.TestInfrastructure;

/**
 * Makes outbox relays that read a test's {@link MessagingDatabase} and publish to the test broker, each with a producer
 * of its own, and stops them all after the test. Registered after the database, with {@code @RegisterExtension final
 * TestRelays relays = new TestRelays(database);}, so that the relays stop before the database closes.
 */
public final class TestRelays implements AfterEachCallback {

    private final MessagingDatabase database;
    private final List<OutboxRelay> relays = new ArrayList<>();
    private final List<DefaultKafkaProducerFactory<String, byte[]>> producers = new ArrayList<>();

    public TestRelays(MessagingDatabase database) {
        this.database = database;
    }

    /**
     * Returns a relay, not started, that reads the outbox every {@code pollInterval} (and when woken up) and parks an
     * event Kafka has refused {@code maxAttempts} times.
     */
    public OutboxRelay create(Duration pollInterval, int maxAttempts) {
        DefaultKafkaProducerFactory<String, byte[]> producerFactory = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        producers.add(producerFactory);
        OutboxRelay relay = new OutboxRelay(database.dataSource(), new KafkaTemplate<>(producerFactory), 50,
                pollInterval, Duration.ofMillis(1), Duration.ofSeconds(10), maxAttempts);
        relays.add(relay);
        return relay;
    }

    /** Returns a relay made as {@link #create} makes it, started. */
    public OutboxRelay start(Duration pollInterval, int maxAttempts) {
        OutboxRelay relay = create(pollInterval, maxAttempts);
        relay.start();
        return relay;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        relays.forEach(OutboxRelay::stop);
        producers.forEach(DefaultKafkaProducerFactory::destroy);
    }
}
