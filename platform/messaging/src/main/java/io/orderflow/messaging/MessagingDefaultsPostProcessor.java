package io.orderflow.messaging;

import io.orderflow.boot.DefaultPropertiesPostProcessor;

/**
 * Adds {@code orderflow-messaging-defaults.properties} (serializers, acks, offset handling) as the lowest-priority
 * property source, so every service gets the Kafka settings the plumbing relies on and can still override each.
 */
final class MessagingDefaultsPostProcessor extends DefaultPropertiesPostProcessor {

    MessagingDefaultsPostProcessor() {
        super("orderflowMessagingDefaults", "orderflow-messaging-defaults.properties");
    }
}
