package io.orderflow.order.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.orderflow.devissuer.DevIssuer;
import io.orderflow.testsupport.RealInfrastructure;
import io.orderflow.testsupport.TestTokens;

/** Calls a running order-service over HTTP, as a storefront, a customer, an operator and a stranger would. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "orderflow.security.rate-limit.customer.requests=6")
@RealInfrastructure(database = "orders")
class OrderApiSecurityTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void answers401AsAProblemWithoutAToken() throws Exception {
        HttpResponse<String> answer = send("GET", "/api/orders", null, null);

        assertProblem(answer, 401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h)
                .startsWith("Bearer"));
    }

    @Test
    void answers401ForAnExpiredToken() throws Exception {
        String expired = TestTokens.issuer().expiredClientToken("storefront", TestTokens.ALL_SCOPES,
                Duration.ofMinutes(10));

        assertProblem(send("GET", "/api/orders", expired, null), 401);
    }

    @Test
    void answers401ForATokenSignedByAnotherKey() throws Exception {
        String forged = DevIssuer.inMemory().clientToken("storefront", TestTokens.ALL_SCOPES, Duration.ofMinutes(5));

        assertProblem(send("GET", "/api/orders", forged, null), 401);
    }

    @Test
    void answers401ForATokenOfAnotherIssuerSignedByTheTrustedKey() throws Exception {
        HttpResponse<String> answer = send("GET", "/api/orders", TestTokens.ofIssuer("https://login.example.com"),
                null);

        assertProblem(answer, 401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h)
                .contains("invalid_token"));
    }

    @Test
    void answers401ForATokenMeantForAnotherAudienceAnd200ForOneMeantForOrderflow() throws Exception {
        assertProblem(send("GET", "/api/orders", TestTokens.forAudience("billing-api"), null), 401);
        assertThat(send("GET", "/api/orders", TestTokens.client("reporting", "orders:read"), null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void answers403ForAMissingScope() throws Exception {
        String readOnly = TestTokens.client("reporting", "orders:read");

        assertProblem(send("POST", "/api/orders", readOnly, order("c-1")), 403);
        assertThat(send("GET", "/api/orders", readOnly, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aStorefrontPlacesOrdersForAnyCustomer() throws Exception {
        String storefront = TestTokens.client("storefront", "orders:write");

        assertThat(send("POST", "/api/orders", storefront, order("c-" + UUID.randomUUID())).statusCode())
                .isEqualTo(201);
    }

    @Test
    void aCustomerPlacesOrdersForItselfOnly() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        String token = TestTokens.customer(customer);

        assertThat(send("POST", "/api/orders", token, order(customer)).statusCode()).isEqualTo(201);
        HttpResponse<String> forAnother = send("POST", "/api/orders", token, order("c-someone-else"));
        assertProblem(forAnother, 403);
        assertThat(JSON.readTree(forAnother.body()).get("errors").get(0).get("field").asString())
                .isEqualTo("customerId");
    }

    @Test
    void anotherCustomersOrderIsNotFoundOnReadAndOnCancel() throws Exception {
        String owner = "c-" + UUID.randomUUID();
        String id = placeAs(owner);
        String stranger = TestTokens.customer("c-" + UUID.randomUUID());

        assertProblem(send("GET", "/api/orders/" + id, stranger, null), 404);
        assertProblem(send("POST", "/api/orders/" + id + "/cancel", stranger, null), 404);
        assertThat(send("GET", "/api/orders/" + id, TestTokens.customer(owner), null).statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(send("GET", "/api/orders/" + id, TestTokens.storefront(), null).body())
                .get("status").asString()).isEqualTo("PENDING");
    }

    @Test
    void aCustomerListsOnlyItsOwnOrders() throws Exception {
        String ann = "c-" + UUID.randomUUID();
        String bob = "c-" + UUID.randomUUID();
        String annsOrder = placeAs(ann);
        placeAs(bob);

        JsonNode page = JSON.readTree(send("GET", "/api/orders?customerId=" + bob, TestTokens.customer(ann), null)
                .body());

        assertThat(page.get("content").valueStream().map(o -> o.get("id").asString())).containsExactly(annsOrder);
    }

    @Test
    void answers429WithRetryAfterOnABurst() throws Exception {
        String token = TestTokens.customer("c-" + UUID.randomUUID());
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(send("GET", "/api/orders", token, null));
        }

        HttpResponse<String> limited = answers.getLast();
        assertProblem(limited, 429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(
                Integer.parseInt(s)).isPositive());
        assertThat(answers.getFirst().statusCode()).isEqualTo(200);
    }

    @Test
    void hidesActuatorDetailsFromAnonymousCallers() throws Exception {
        HttpResponse<String> anonymous = send("GET", "/actuator/health", null, null);
        HttpResponse<String> operator = send("GET", "/actuator/health", TestTokens.client("ops", "ops:admin"), null);

        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(anonymous.body()).has("components")).isFalse();
        assertThat(JSON.readTree(operator.body()).get("components").has("db")).isTrue();
        assertProblem(send("GET", "/actuator/metrics", null, null), 401);
        assertProblem(send("GET", "/actuator/messaging", TestTokens.client("storefront", "orders:write"), null), 403);
        assertThat(send("GET", "/actuator/prometheus", TestTokens.client("ops", "ops:admin"), null).statusCode())
                .isEqualTo(200);
    }

    private String placeAs(String customer) throws Exception {
        HttpResponse<String> placed = send("POST", "/api/orders", TestTokens.customer(customer), order(customer));
        assertThat(placed.statusCode()).isEqualTo(201);
        return JSON.readTree(placed.body()).get("id").asString();
    }

    private static String order(String customer) {
        return """
                { "customerId": "%s", "customerEmail": "ann@example.com",
                  "lines": [ { "sku": "SKU-1", "quantity": 1 } ] }""".formatted(customer);
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> answer, int status) throws Exception {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(answer.body()).get("status").asInt()).isEqualTo(status);
    }
}
