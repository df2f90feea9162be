package io.orderflow.web;

import io.orderflow.boot.DefaultPropertiesPostProcessor;

/**
 * Adds {@code orderflow-web-defaults.properties} (the audience every token must name, the connection limit, the
 * metrics' common tag and buckets) as the lowest-priority property source, so every service shares them and can
 * still set its own.
 */
final class WebDefaultsPostProcessor extends DefaultPropertiesPostProcessor {

    WebDefaultsPostProcessor() {
        super("orderflowWebDefaults", "orderflow-web-defaults.properties");
    }
}
