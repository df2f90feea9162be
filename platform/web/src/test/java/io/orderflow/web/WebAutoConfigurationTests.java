package io.orderflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.orderflow.devissuer.DevIssuer;

/** Starts a small service with the web plumbing on Jetty and talks to it over HTTP. */
class WebAutoConfigurationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path keys;

    private static SmallService service;

    @BeforeAll
    static void startTheService() {
        Path publicKey = DevIssuer.inMemory().writePublicKey(keys.resolve("orderflow-test-issuer.pem"));
        service = SmallService.start(requests -> requests.requestMatchers("/api/**").permitAll(), List.of(Lines.class),
                List.of("orderflow.security.rate-limit.enabled=false",
                        "spring.security.oauth2.resourceserver.jwt.public-key-location=" + publicKey.toUri()));
    }

    @AfterAll
    static void stopTheService() {
        service.close();
    }

    private static Server jetty() {
        return ((JettyWebServer) ((WebServerApplicationContext) service.context()).getWebServer()).getServer();
    }

    @Test
    void comesToEveryServiceByAutoConfiguration() {
        assertThat(service.context().getBeanNamesForType(WebAutoConfiguration.class)).hasSize(1);
    }

    @Test
    void limitsTheOpenConnectionsToTheConfiguredNumber() {
        assertThat(jetty().getBean(NetworkConnectionLimit.class).getMaxNetworkConnectionCount()).isEqualTo(1000);
    }

    @Test
    void givesNoConnectionAHeaderCache() {
        HttpConnectionFactory http = jetty().getConnectors()[0].getConnectionFactory(HttpConnectionFactory.class);
        assertThat(http.getHttpConfiguration().getHeaderCacheSize()).isZero();
    }

    @Test
    void refusesABodyThatSaysItIsOverOneMebibyte() throws Exception {
        HttpResponse<String> answer = post(HttpRequest.BodyPublishers.ofByteArray(tooLarge()));

        assertProblem(answer, 413, "content-too-large");
    }

    @Test
    void refusesAChunkedBodyOnceItGoesOverOneMebibyte() throws Exception {
        HttpResponse<String> answer = post(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(tooLarge())));

        assertProblem(answer, 413, "content-too-large");
    }

    @Test
    void bindsJsonStrictly() throws Exception {
        assertThat(post("{\"sku\": \"SKU-1\", \"quantity\": 2}").statusCode()).isEqualTo(200);

        JsonNode unknown = assertProblem(post("{\"sku\": \"SKU-1\", \"quantity\": 2, \"colour\": \"red\"}"), 400,
                "invalid-request");
        assertThat(unknown.at("/errors/0/field").asString()).isEqualTo("colour");
        assertProblem(post("{\"sku\": \"SKU-1\", \"quantity\": 2.5}"), 400, "invalid-request");
        assertProblem(post("{\"sku\": \"SKU-1\", \"quantity\": \"2\"}"), 400, "invalid-request");
        assertProblem(post("{\"sku\": \"SKU-1\", \"quantity\": null}"), 400, "invalid-request");
    }

    @Test
    void sendsEachAnswerWholeWithItsLength() throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(service.uri("/api/hello")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Length")).hasValue(Integer.toString(answer.body().length()));
        assertThat(answer.headers().firstValue("Transfer-Encoding")).isEmpty();
    }

    /** Returns a well-formed line whose SKU alone is over 1 MiB, so that JSON binding reads on past the limit. */
    private static byte[] tooLarge() {
        return ("{\"sku\": \"" + "x".repeat(1024 * 1024) + "\", \"quantity\": 1}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> post(String json) throws Exception {
        return post(HttpRequest.BodyPublishers.ofString(json));
    }

    private static HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(service.uri("/api/lines")).header("Content-Type", "application/json")
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode assertProblem(HttpResponse<String> answer, int status, String slug) {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asString()).isEqualTo("https://orderflow.io/problems/" + slug);
        return problem;
    }

    record Line(String sku, int quantity) {
    }

    @RestController
    static class Lines {

        @PostMapping("/api/lines")
        Line add(@RequestBody Line line) {
            return line;
        }

        @GetMapping("/api/hello")
        Map<String, String> hello() {
            return Map.of("greeting", "hello");
        }
    }
}
