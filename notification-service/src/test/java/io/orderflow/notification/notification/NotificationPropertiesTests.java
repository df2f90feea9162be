package io.orderflow.notification.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;

class NotificationPropertiesTests {

    private static final String PREFIX = "orderflow.notifications";

    /** Returns the settings when nothing is configured: the record's own defaults. */
    static NotificationProperties defaults() {
        return new Binder(new MapConfigurationPropertySource()).bindOrCreate(PREFIX, NotificationProperties.class);
    }

    @Test
    void theDefaultRetryPolicyOutlastsAMailServerOutageOfADay() {
        RetryPolicy policy = defaults().retryPolicy();

        // 300 attempts, 1 s doubling to 5 min: 1 + 2 + ... + 256 s, then 290 x 5 min = 24 h 18 min 31 s
        assertThat(policy.totalDelay()).isGreaterThanOrEqualTo(Duration.ofHours(1))
                .isGreaterThanOrEqualTo(Duration.ofHours(24))
                .isEqualTo(Duration.ofHours(24).plusMinutes(18).plusSeconds(31));
    }

    @Test
    void applicationYmlStatesTheSameDefaults() throws IOException {
        // no environment variables: each ${NAME:default} in application.yml falls back to its default
        MockEnvironment environment = new MockEnvironment();
        for (PropertySource<?> source : new YamlPropertySourceLoader().load("application.yml",
                new ClassPathResource("application.yml"))) {
            environment.getPropertySources().addLast(source);
        }

        NotificationProperties fromApplicationYml = Binder.get(environment).bindOrCreate(PREFIX,
                NotificationProperties.class);

        assertThat(fromApplicationYml).isEqualTo(defaults());
    }
}
