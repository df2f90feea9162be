package io.orderflow.localrun;

import io.orderflow.harness.JsonClient;

/**
 * Reaches the three services of a local run as its tools do: through a client with a token of the run's development
 * issuer, at the first instance of each.
 *
 * @param http sends every request with the tool token
 * @param orders the base URL of order-service
 * @param inventory the base URL of inventory-service
 * @param notifications the base URL of notification-service
 */
record LocalApi(JsonClient http, String orders, String inventory, String notifications) {

    static LocalApi of(LocalSettings settings) {
        return new LocalApi(new JsonClient(LocalIssuer.toolToken(settings)),
                "http://localhost:" + settings.port("order-service", 8081),
                "http://localhost:" + settings.port("inventory-service", 8082),
                "http://localhost:" + settings.port("notification-service", 8083));
    }
}
