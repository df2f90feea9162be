package io.orderflow.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds {@code orderflow-messaging-defaults.properties} (serializers, acks, offset handling) as the lowest-priority
 * property source, so every service gets the Kafka settings the plumbing relies on and can still override each.
 */
final class MessagingDefaultsPostProcessor implements EnvironmentPostProcessor {

    private static final String DEFAULTS = "orderflow-messaging-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource("orderflowMessagingDefaults",
                    new ClassPathResource(DEFAULTS, MessagingDefaultsPostProcessor.class.getClassLoader())));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
