package io.orderflow.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.orderflow.devissuer.DevIssuer;

/**
 * Signs the access tokens of the tests with one development issuer per test JVM, whose public key every service
 * under test trusts. Its tokens name the development issuer and the Orderflow API's audience, as the services expect.
 */
public final class TestTokens {

    /** Every scope of the Orderflow APIs. */
    public static final List<String> ALL_SCOPES = List.of("orders:read", "orders:write", "inventory:admin",
            "ops:admin");

    private static final DevIssuer ISSUER = DevIssuer.inMemory();
    private static final Path PUBLIC_KEY = writePublicKey();
    private static final String STOREFRONT = ISSUER.clientToken("test-storefront", ALL_SCOPES, Duration.ofHours(12));

    private TestTokens() {
    }

    /** Returns the issuer of the tests' tokens. */
    public static DevIssuer issuer() {
        return ISSUER;
    }

    /** Returns the location of the issuer's public key, for {@code spring.security.oauth2.resourceserver.jwt}. */
    public static String publicKeyLocation() {
        return PUBLIC_KEY.toUri().toString();
    }

    /** Returns the file of the issuer's public key. */
    public static Path publicKeyFile() {
        return PUBLIC_KEY;
    }

    /** Returns a client token with every scope, such as a storefront that is also an operator. */
    public static String storefront() {
        return STOREFRONT;
    }

    /** Returns the token of customer {@code customerId}, with {@code orders:read} and {@code orders:write}. */
    public static String customer(String customerId) {
        return ISSUER.customerToken(customerId, List.of("orders:read", "orders:write"), Duration.ofHours(1));
    }

    /** Returns a client token with only {@code scopes}. */
    public static String client(String clientId, String... scopes) {
        return ISSUER.clientToken(clientId, List.of(scopes), Duration.ofHours(1));
    }

    /** Returns a client token with every scope, signed by the trusted key but naming another {@code issuer}. */
    public static String ofIssuer(String issuer) {
        return ISSUER.withIssuer(issuer).clientToken("storefront", ALL_SCOPES, Duration.ofHours(1));
    }

    /** Returns a client token with every scope, signed by the trusted key but meant for {@code audience} only. */
    public static String forAudience(String audience) {
        return ISSUER.withAudiences(audience).clientToken("storefront", ALL_SCOPES, Duration.ofHours(1));
    }

    private static Path writePublicKey() {
        try {
            Path file = Files.createTempFile("orderflow-test-issuer", ".pem");
            file.toFile().deleteOnExit();
            return ISSUER.writePublicKey(file);
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
