package io.orderflow.messaging.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import io.orderflow.messaging.MessagingDatabase;
import io.orderflow.messaging.outbox.OutboxRelay;
import io.orderflow.testsupport.TestInfrastructure;

class MessagingEndpointTests {

    private HikariDataSource dataSource;
    private DefaultKafkaProducerFactory<String, byte[]> producers;
    private OutboxRelay relay;

    @BeforeEach
    void startRelay() {
        dataSource = MessagingDatabase.create();
        producers = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafka().bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
        relay = new OutboxRelay(dataSource, new KafkaTemplate<>(producers), 50, Duration.ofMillis(50),
                Duration.ofMillis(1), Duration.ofSeconds(10), 10);
        relay.start();
    }

    @AfterEach
    void stopRelay() {
        relay.stop();
        producers.destroy();
        dataSource.close();
    }

    @Test
    void pausesAndResumesTheRelayAndShowsWhereItStands() {
        MessagingEndpoint endpoint = new MessagingEndpoint(new KafkaListenerEndpointRegistry(), relay);

        assertThat(endpoint.change("relay", "pause")).containsEntry("relay", "paused");
        assertThat(relay.isPaused()).isTrue();
        assertThat(endpoint.change("all", "resume")).containsEntry("relay", "running");
        assertThat(relay.isPaused()).isFalse();
    }

    @Test
    void aServiceThatPublishesNothingHasNoRelayToPause() {
        MessagingEndpoint endpoint = new MessagingEndpoint(new KafkaListenerEndpointRegistry(), null);

        assertThat(endpoint.change("all", "pause")).containsEntry("relay", "none");
    }

    @Test
    void sendsParkedEventsAgainBehindThoseWaitingAndCountsThem() {
        MessagingEndpoint endpoint = new MessagingEndpoint(new KafkaListenerEndpointRegistry(), relay);
        relay.pause();
        new JdbcTemplate(dataSource).update("""
                INSERT INTO outbox_parked (id, event_id, topic, event_key, event_type, event_source, occurred_at,
                    payload, attempts, last_error)
                VALUES (1, gen_random_uuid(), 'parked-test', 'order-1', 'io.orderflow.Test', '/test', now(), '{}', 10,
                    'RecordTooLargeException')""");
        assertThat(endpoint.state()).containsEntry("parked", 1L);

        assertThat(endpoint.change("parked", "retry")).containsEntry("retried", 1).containsEntry("parked", 0L);
        assertThat(new JdbcTemplate(dataSource).queryForObject(
                "SELECT count(*) FROM outbox_event WHERE event_key = 'order-1' AND attempts = 0", Long.class))
                .isEqualTo(1);
    }

    @Test
    void refusesAnUnknownPartOrAction() {
        MessagingEndpoint endpoint = new MessagingEndpoint(new KafkaListenerEndpointRegistry(), relay);

        assertThatThrownBy(() -> endpoint.change("everything", "pause")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> endpoint.change("relay", "stop")).isInstanceOf(IllegalArgumentException.class);
        assertThat(relay.isPaused()).isFalse();
    }
}
