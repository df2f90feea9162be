package io.orderflow.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class MessagingDefaultsPostProcessorTests {

    @Test
    void givesEveryServiceTheKafkaSettingsThePlumbingReliesOn() {
        StandardEnvironment environment = new StandardEnvironment();

        new MessagingDefaultsPostProcessor().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.kafka.producer.acks")).isEqualTo("all");
        assertThat(environment.getProperty("spring.kafka.producer.value-serializer"))
                .isEqualTo("org.apache.kafka.common.serialization.ByteArraySerializer");
        assertThat(environment.getProperty("spring.kafka.consumer.enable-auto-commit")).isEqualTo("false");
    }

    @Test
    void letsAServiceOverrideAnyDefault() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("service",
                Map.of("spring.kafka.consumer.max-poll-records", "50")));

        new MessagingDefaultsPostProcessor().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.kafka.consumer.max-poll-records")).isEqualTo("50");
        assertThat(environment.getPropertySources().stream().reduce((first, second) -> second).orElseThrow()
                .getName()).isEqualTo("orderflowMessagingDefaults");
    }
}
