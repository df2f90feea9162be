package io.orderflow.identityprovider;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Asks the running identity provider for tokens over HTTP, as a storefront, an operator and a customer would. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdentityProviderTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Value("${spring.security.oauth2.authorizationserver.issuer}")
    String issuer;

    @Value("${orderflow.audience}")
    String audience;

    @Test
    void aStorefrontGetsAClientTokenWithItsScopesFromTheConfiguredIssuer() throws Exception {
        Jwt token = decode(token("storefront", "storefront-secret", "orders:write orders:read", null));

        assertThat(token.getClaimAsStringList("scope")).containsExactlyInAnyOrder("orders:write", "orders:read");
        assertThat(token.hasClaim("customer_id")).isFalse();
        assertThat(token.getSubject()).isEqualTo("storefront");
        assertThat(token.getClaimAsString("iss")).isEqualTo(issuer).isEqualTo("http://identity-provider:9000");
        assertThat(Duration.between(token.getIssuedAt(), token.getExpiresAt())).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void theOpsClientGetsTheOperatorScopes() throws Exception {
        Jwt token = decode(token("ops", "ops-secret", "inventory:admin ops:admin orders:read", null));

        assertThat(token.getClaimAsStringList("scope"))
                .containsExactlyInAnyOrder("inventory:admin", "ops:admin", "orders:read");
        assertThat(token.hasClaim("customer_id")).isFalse();
        assertThat(token.getClaimAsString("iss")).isEqualTo(issuer);
    }

    @Test
    void theCustomerClientGetsATokenThatActsForTheCustomerItNames() throws Exception {
        Jwt token = decode(token("customer", "customer-secret", "orders:write orders:read", "c-42"));

        assertThat(token.getClaimAsString("customer_id")).isEqualTo("c-42");
        assertThat(token.getClaimAsStringList("scope")).containsExactlyInAnyOrder("orders:write", "orders:read");
        assertThat(token.getClaimAsString("iss")).isEqualTo(issuer);
    }

    @Test
    void everyClientsTokenIsMeantForTheServicesAudienceInsteadOfTheClient() throws Exception {
        Jwt storefront = decode(token("storefront", "storefront-secret", "orders:write", null));
        Jwt ops = decode(token("ops", "ops-secret", "ops:admin", null));
        Jwt customer = decode(token("customer", "customer-secret", "orders:read", "c-42"));

        assertThat(audience).isEqualTo("orderflow-api");
        for (Jwt token : new Jwt[] { storefront, ops, customer }) {
            assertThat(token.getAudience()).as(token.getSubject()).containsExactly(audience);
        }
    }

    @Test
    void theCustomerClientIsRefusedWith400WithoutACustomerId() throws Exception {
        HttpResponse<String> missing = requestToken("customer", "customer-secret", "orders:read", null);
        HttpResponse<String> blank = requestToken("customer", "customer-secret", "orders:read", " ");

        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missing.body()).path("error").asString()).isEqualTo("invalid_request");
        assertThat(blank.statusCode()).isEqualTo(400);
    }

    @Test
    void anotherClientsCustomerIdIsIgnored() throws Exception {
        Jwt token = decode(token("storefront", "storefront-secret", "orders:read", "c-42"));

        assertThat(token.hasClaim("customer_id")).isFalse();
    }

    @Test
    void aWrongSecretIsRefusedWith401() throws Exception {
        HttpResponse<String> answer = requestToken("storefront", "not-the-secret", "orders:read", null);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(answer.body()).path("error").asString()).isEqualTo("invalid_client");
    }

    @Test
    void aClientIsRefusedAScopeItIsNotRegisteredFor() throws Exception {
        HttpResponse<String> answer = requestToken("storefront", "storefront-secret", "ops:admin", null);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(answer.body()).path("error").asString()).isEqualTo("invalid_scope");
    }

    @Test
    void theServicesFindTheSigningKeysThroughTheAuthorizationServerMetadata() throws Exception {
        // a resource server's issuer-uri discovery asks for OpenID configuration first and moves on after a 4xx
        HttpResponse<String> metadata = get("/.well-known/oauth-authorization-server");
        HttpResponse<String> openId = get("/.well-known/openid-configuration");

        assertThat(metadata.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(metadata.body());
        assertThat(body.path("issuer").asString()).isEqualTo(issuer);
        assertThat(body.path("jwks_uri").asString()).isEqualTo(issuer + "/oauth2/jwks");
        assertThat(openId.statusCode()).isBetween(400, 499);
    }

    @Test
    void healthIsUpWithoutATokenAndNothingElseIsOpen() throws Exception {
        HttpResponse<String> health = get("/actuator/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("status").asString()).isEqualTo("UP");
        assertThat(get("/actuator/env").statusCode()).isEqualTo(401);
        assertThat(get("/").statusCode()).isEqualTo(401);
    }

    private String token(String client, String secret, String scope, String customerId) throws Exception {
        HttpResponse<String> answer = requestToken(client, secret, scope, customerId);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
        return body.path("access_token").asString();
    }

    private HttpResponse<String> requestToken(String client, String secret, String scope, String customerId)
            throws Exception {
        String form = "grant_type=client_credentials&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8)
                + (customerId == null ? "" : "&customer_id=" + URLEncoder.encode(customerId, StandardCharsets.UTF_8));
        String basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri("/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private Jwt decode(String token) {
        return NimbusJwtDecoder.withJwkSetUri("http://localhost:" + port + "/oauth2/jwks").build().decode(token);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
