package io.orderflow.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class MessagingPropertiesTests {

    @Test
    void fillsEverySettingLeftOutWithItsDefault() {
        MessagingProperties properties = new MessagingProperties(null, null, null, null, null, null, null);

        assertThat(properties.topics()).isEmpty();
        assertThat(properties.partitions()).isEqualTo(6);
        assertThat(properties.replicationFactor()).isEqualTo((short) 1);
        assertThat(properties.failedAttempts()).isEqualTo(3);
        assertThat(properties.inboxRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(properties.relay().batchSize()).isEqualTo(1000);
        assertThat(properties.relay().pollInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(properties.relay().sendTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.relay().linger()).isEqualTo(Duration.ofMillis(20));
        assertThat(properties.relay().maxAttempts()).isEqualTo(10);
    }

    @Test
    void bindsTheSettingsOfAServiceAndKeepsItsTopicsFromChanging() {
        MessagingProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "orderflow.messaging.source", "/order-service",
                "orderflow.messaging.topics[0]", "order-events",
                "orderflow.messaging.partitions", "12",
                "orderflow.messaging.relay.batch-size", "200",
                "orderflow.messaging.relay.linger", "5ms")))
                .bind("orderflow.messaging", MessagingProperties.class).get();

        assertThat(properties.source()).isEqualTo("/order-service");
        assertThat(properties.topics()).containsExactly("order-events");
        assertThat(properties.partitions()).isEqualTo(12);
        assertThat(properties.relay().batchSize()).isEqualTo(200);
        assertThat(properties.relay().linger()).isEqualTo(Duration.ofMillis(5));
        assertThat(properties.relay().pollInterval()).isEqualTo(Duration.ofMillis(100));

        List<String> mutable = new ArrayList<>(List.of("a"));
        MessagingProperties copied = new MessagingProperties(null, mutable, null, null, null, null, null);
        mutable.add("b");
        assertThat(copied.topics()).containsExactly("a");
    }
}
