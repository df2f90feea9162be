package io.orderflow.messaging.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import io.orderflow.messaging.MessagingDatabase;
import io.orderflow.messaging.TestRelays;
import io.orderflow.messaging.outbox.OutboxRelay;

class MessagingEndpointTests {

    @RegisterExtension
    final MessagingDatabase database = new MessagingDatabase();

    @RegisterExtension
    final TestRelays relays = new TestRelays(database);

    private final OutboxRelay relay = relays.start(Duration.ofMillis(50), 10);

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
        database.jdbc().update("""
                INSERT INTO outbox_parked (id, event_id, topic, event_key, event_type, event_source, occurred_at,
                    payload, attempts, last_error)
                VALUES (1, gen_random_uuid(), 'parked-test', 'order-1', 'io.orderflow.Test', '/test', now(), '{}', 10,
                    'RecordTooLargeException')""");
        assertThat(endpoint.state()).containsEntry("parked", 1L);

        assertThat(endpoint.change("parked", "retry")).containsEntry("retried", 1).containsEntry("parked", 0L);
        assertThat(database.jdbc().queryForObject(
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
