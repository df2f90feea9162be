package io.orderflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.orderflow.devissuer.DevIssuer;
import io.orderflow.web.SmallService;

/** Starts a small service with the shared filter chain on Jetty and sends it requests with and without tokens. */
class ApiSecurityTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final DevIssuer ISSUER = DevIssuer.inMemory();

    @TempDir
    static Path keys;

    private static SmallService service;

    @BeforeAll
    static void startTheService() {
        Path publicKey = ISSUER.writePublicKey(keys.resolve("orderflow-test-issuer.pem"));
        service = SmallService.start(requests -> requests
                .requestMatchers(HttpMethod.POST, "/api/orders").hasAuthority(Scopes.authority(Scopes.ORDERS_WRITE))
                .requestMatchers("/api/**").authenticated(), List.of(Endpoints.class), List.of(
                        "orderflow.security.rate-limit.customer.requests=3",
                        "orderflow.security.rate-limit.customer.period=1m",
                        "spring.security.oauth2.resourceserver.jwt.public-key-location=" + publicKey.toUri()));
    }

    @AfterAll
    static void stopTheService() {
        service.close();
    }

    @Test
    void refusesARequestWithoutATokenWith401AsAProblem() throws Exception {
        HttpResponse<String> answer = send("GET", "/api/me", null);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(header ->
                assertThat(header).startsWith("Bearer"));
        assertThat(problem(answer).get("type").asString()).isEqualTo("https://orderflow.io/problems/unauthorized");
    }

    @Test
    void letsThroughOnlyTokensWithTheScopeAServiceRuleAsksFor() throws Exception {
        assertThat(send("POST", "/api/orders", client(Scopes.ORDERS_READ)).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/orders", client(Scopes.ORDERS_WRITE)).statusCode()).isEqualTo(200);
    }

    @Test
    void keepsEveryActuatorEndpointButHealthForOperators() throws Exception {
        HttpResponse<String> refused = send("GET", "/actuator/messaging", client(Scopes.ORDERS_READ,
                Scopes.ORDERS_WRITE));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(problem(refused).get("type").asString()).isEqualTo("https://orderflow.io/problems/forbidden");
        assertThat(send("GET", "/actuator/messaging", client(Scopes.OPS_ADMIN)).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void givesTheControllerTheCallerItsTokenNames() throws Exception {
        HttpResponse<String> answer = send("GET", "/api/me", ISSUER.customerToken("c-caller",
                List.of(Scopes.ORDERS_READ), Duration.ofMinutes(5)));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).get("customerId").asString()).isEqualTo("c-caller");
    }

    @Test
    void answersAsAJsonApiThatNoOneCachesOrFrames() throws Exception {
        HttpResponse<String> answer = send("GET", "/api/me", client(Scopes.ORDERS_READ));

        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(answer.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(answer.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void limitsEachCustomersRequests() throws Exception {
        String token = ISSUER.customerToken("c-limited", List.of(Scopes.ORDERS_READ), Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            assertThat(send("GET", "/api/me", token).statusCode()).isEqualTo(200);
        }

        HttpResponse<String> limited = send("GET", "/api/me", token);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(send("GET", "/api/me", ISSUER.customerToken("c-other", List.of(Scopes.ORDERS_READ),
                Duration.ofMinutes(5))).statusCode()).isEqualTo(200);
    }

    private static String client(String... scopes) {
        return ISSUER.clientToken("storefront-" + String.join("-", scopes), List.of(scopes), Duration.ofMinutes(5));
    }

    private static HttpResponse<String> send(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.uri(path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode problem(HttpResponse<String> answer) {
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return JSON.readTree(answer.body());
    }

    @RestController
    static class Endpoints {

        @GetMapping("/api/me")
        Map<String, String> me(Caller caller) {
            return caller.customerId() == null ? Map.of("subject", caller.subject())
                    : Map.of("subject", caller.subject(), "customerId", caller.customerId());
        }

        @PostMapping("/api/orders")
        String place() {
            return "placed";
        }

        /** Stands for an actuator endpoint: this module has no actuator. */
        @GetMapping({ "/actuator/messaging", "/actuator/health" })
        String actuator() {
            return "{}";
        }
    }
}
