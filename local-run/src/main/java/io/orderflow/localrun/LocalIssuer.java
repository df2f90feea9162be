package io.orderflow.localrun;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.orderflow.devissuer.DevIssuer;

/**
 * Keeps the development token issuer of a local run in {@code <state>/dev-issuer}: the services trust its public key,
 * and the launcher's tools, the demo and {@code ./orderflow token} sign with its private key.
 */
final class LocalIssuer {

    /** Every scope of the Orderflow APIs: the launcher's own tools are storefront, catalogue admin and operator. */
    static final List<String> ALL_SCOPES = List.of("orders:read", "orders:write", "inventory:admin", "ops:admin");

    private static final Duration TOOL_TOKEN_LIFETIME = Duration.ofHours(12);

    private LocalIssuer() {
    }

    /** Returns the issuer of {@code settings}' state folder, created there on the first run. */
    static DevIssuer of(LocalSettings settings) {
        return DevIssuer.loadOrCreate(folder(settings));
    }

    /** Returns the file of the issuer's public key, which the services verify tokens with. */
    static Path publicKey(LocalSettings settings) {
        of(settings);
        return folder(settings).resolve(DevIssuer.PUBLIC_KEY_FILE).toAbsolutePath();
    }

    /** Returns the token of the launcher's own tools: a client with every scope. */
    static String toolToken(LocalSettings settings) {
        return of(settings).clientToken("orderflow-local-run", ALL_SCOPES, TOOL_TOKEN_LIFETIME);
    }

    private static Path folder(LocalSettings settings) {
        return settings.stateDir().resolve("dev-issuer");
    }
}
