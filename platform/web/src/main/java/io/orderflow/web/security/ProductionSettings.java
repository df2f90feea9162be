package io.orderflow.web.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.core.env.Environment;

/**
 * Lists the development defaults that a service of the {@code prod} profile refuses to start with: the development
 * token issuer, or none to check a token's {@code iss} against, a default or empty database password, and a Kafka
 * connection without authentication.
 */
public final class ProductionSettings {

    /** The profile that makes the defaults of a developer's machine an error. */
    public static final String PROFILE = "prod";

    private static final Set<String> DEVELOPMENT_PASSWORDS = Set.of("", "orderflow", "postgres", "password",
            "secret", "order_service", "inventory_service", "notification_service", "order_service_migrator",
            "inventory_service_migrator", "notification_service_migrator");

    private ProductionSettings() {
    }

    /** Returns what in {@code environment} is a development default; empty when there is none. */
    public static List<String> developmentDefaults(Environment environment) {
        List<String> found = new ArrayList<>();
        String issuerUri = environment.getProperty(IssuerAndAudience.ISSUER_URI, "");
        String jwkSetUri = environment.getProperty(IssuerAndAudience.JWK_SET_URI, "");
        String publicKey = environment.getProperty(IssuerAndAudience.PUBLIC_KEY_LOCATION, "");
        String issuer = environment.getProperty(IssuerAndAudience.ISSUER, "");
        if (IssuerAndAudience.isDevelopmentKey(publicKey)) {
            found.add("the token issuer is the development issuer (" + publicKey + ")");
        }
        else if (issuerUri.isBlank() && jwkSetUri.isBlank() && publicKey.isBlank()) {
            found.add("no token issuer is set (" + IssuerAndAudience.ISSUER_URI + ")");
        }
        else if (issuerUri.isBlank() && issuer.isBlank()) {
            found.add("no issuer to check the tokens' iss against (" + IssuerAndAudience.ISSUER + ")");
        }
        if (issuer.equals(IssuerAndAudience.DEVELOPMENT_ISSUER)) {
            found.add("the tokens' issuer is the development issuer (" + IssuerAndAudience.ISSUER + ")");
        }
        String password = environment.getProperty("spring.datasource.password", "");
        if (DEVELOPMENT_PASSWORDS.contains(password.toLowerCase(Locale.ROOT))) {
            found.add("the database password is a development default");
        }
        String migrationPassword = environment.getProperty("spring.flyway.password", password);
        if (!migrationPassword.equals(password)
                && DEVELOPMENT_PASSWORDS.contains(migrationPassword.toLowerCase(Locale.ROOT))) {
            found.add("the migration role's database password is a development default");
        }
        String protocol = environment.getProperty("spring.kafka.security.protocol",
                environment.getProperty("spring.kafka.properties.security.protocol", "PLAINTEXT"));
        if (protocol.toUpperCase(Locale.ROOT).startsWith("PLAINTEXT")) {
            found.add("Kafka is reached without authentication (security.protocol " + protocol + ")");
        }
        return found;
    }

    /** Fails when {@code environment} holds a development default. */
    static void requireNone(Environment environment) {
        List<String> found = developmentDefaults(environment);
        if (!found.isEmpty()) {
            throw new IllegalStateException("The " + PROFILE + " profile refuses to start with development defaults: "
                    + String.join("; ", found));
        }
    }
}
