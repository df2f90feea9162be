package io.orderflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import io.orderflow.devissuer.DevIssuer;
import io.orderflow.web.SmallService;

/**
 * Starts a small application with the services' shared security over each source of the issuer's keys, and sends it
 * tokens that the trusted key signed: only those of the trusted issuer that name the audience get through.
 */
class TokenIssuerAndAudienceTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> SCOPES = List.of("orders:read");
    private static final String PROVIDER_ISSUER = "https://login.example.com";

    @TempDir
    static Path state;

    /** The development issuer of a local run, in the folder the services are given its public key from. */
    private static DevIssuer localRun;
    /** An OIDC provider's metadata and key set, for the issuer URI and the JWK set URI. */
    private static HttpServer provider;

    @BeforeAll
    static void startTheProvider() throws IOException {
        localRun = DevIssuer.loadOrCreate(state.resolve("dev-issuer"));
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/.well-known/openid-configuration", exchange -> answer(exchange, """
                {"issuer": "%s", "jwks_uri": "%s/jwks"}""".formatted(providerUri(), providerUri())));
        provider.createContext("/jwks", exchange -> answer(exchange, localRun.publicJwkSet()));
        provider.start();
    }

    @AfterAll
    static void stopTheProvider() {
        provider.stop(0);
    }

    enum KeySource {

        /** The local run's and the tests' way: the development issuer's public key, and so its name as issuer. */
        PUBLIC_KEY_OF_THE_LOCAL_RUN,
        /** A key set with {@code orderflow.security.issuer}. */
        JWK_SET,
        /** docker compose's way: an issuer whose keys are found through its metadata. */
        ISSUER_URI
    }

    @ParameterizedTest
    @EnumSource(KeySource.class)
    void acceptsOnlyTokensOfTheTrustedIssuerThatNameTheAudience(KeySource source) throws Exception {
        DevIssuer trusted = trustedIssuer(source);
        try (SmallService service = start(properties(source))) {
            assertThat(get(service, token(trusted)).statusCode()).isEqualTo(200);
            assertRefused(get(service, token(trusted.withIssuer("https://elsewhere.example.com"))));
            assertRefused(get(service, token(trusted.withAudiences("billing-api"))));
            assertRefused(get(service, token(trusted.withAudiences())));
            if (source != KeySource.PUBLIC_KEY_OF_THE_LOCAL_RUN) {
                assertRefused(get(service, token(localRun)));
            }
        }
    }

    @Test
    void aRefusedTokenIsRefusedAgainAndTheRightOneStillPasses() throws Exception {
        String otherAudience = token(localRun.withAudiences("billing-api"));
        try (SmallService service = start(properties(KeySource.PUBLIC_KEY_OF_THE_LOCAL_RUN))) {
            assertRefused(get(service, otherAudience));
            assertRefused(get(service, otherAudience));
            assertThat(get(service, token(localRun)).statusCode()).isEqualTo(200);
            assertRefused(get(service, otherAudience));
        }
    }

    @Test
    void acceptsTheAudiencesItIsGivenInsteadOfTheDefault() throws Exception {
        List<String> properties = new ArrayList<>(properties(KeySource.PUBLIC_KEY_OF_THE_LOCAL_RUN));
        properties.add("spring.security.oauth2.resourceserver.jwt.audiences=order-service,orderflow-next");
        try (SmallService service = start(properties)) {
            assertThat(get(service, token(localRun.withAudiences("orderflow-next"))).statusCode()).isEqualTo(200);
            assertThat(get(service, token(localRun.withAudiences("order-service", "billing-api"))).statusCode())
                    .isEqualTo(200);
            assertRefused(get(service, token(localRun)));
        }
    }

    @Test
    void aKeySetWithoutAnIssuerDoesNotStart() {
        assertThatThrownBy(() -> start(List.of("spring.security.oauth2.resourceserver.jwt.jwk-set-uri="
                + providerUri() + "/jwks")).close())
                .rootCause().hasMessageContaining("orderflow.security.issuer");
    }

    private static DevIssuer trustedIssuer(KeySource source) {
        return switch (source) {
            case PUBLIC_KEY_OF_THE_LOCAL_RUN -> localRun;
            case JWK_SET -> localRun.withIssuer(PROVIDER_ISSUER);
            case ISSUER_URI -> localRun.withIssuer(providerUri());
        };
    }

    private static List<String> properties(KeySource source) {
        return switch (source) {
            case PUBLIC_KEY_OF_THE_LOCAL_RUN -> List.of("spring.security.oauth2.resourceserver.jwt.public-key-location="
                    + state.resolve("dev-issuer").resolve(DevIssuer.PUBLIC_KEY_FILE).toUri());
            case JWK_SET -> List.of("spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + providerUri() + "/jwks",
                    "orderflow.security.issuer=" + PROVIDER_ISSUER);
            case ISSUER_URI -> List.of("spring.security.oauth2.resourceserver.jwt.issuer-uri=" + providerUri());
        };
    }

    private static SmallService start(List<String> properties) {
        return SmallService.start(requests -> requests.requestMatchers("/api/**").authenticated(),
                List.of(Hello.class), properties);
    }

    private static String token(DevIssuer issuer) {
        return issuer.clientToken("storefront", SCOPES, Duration.ofMinutes(5));
    }

    private static HttpResponse<String> get(SmallService service, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(service.uri("/api/hello"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(header ->
                assertThat(header).startsWith("Bearer").contains("invalid_token"));
        assertThat(JSON.readTree(answer.body()).get("status").asInt()).isEqualTo(401);
    }

    private static String providerUri() {
        return "http://127.0.0.1:" + provider.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @RestController
    static class Hello {

        @GetMapping("/api/hello")
        String hello() {
            return "hello";
        }
    }
}
