package io.orderflow.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * Sends JSON requests to the services, with a bearer token, and reads their JSON answers: the client of the tools'
 * control-plane calls (set-up, reads, health, audits), one request at a time, over the JDK's HTTP client.
 */
public final class JsonClient implements AutoCloseable {

    /** Reads and writes the tools' JSON; decimals stay exact, as prices must. */
    public static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final HttpClient client;
    private final String authorization;
    private final Duration requestTimeout;

    /** Sends every request with {@code bearerToken}; connects within 2 s, waits 10 s for an answer. */
    public JsonClient(String bearerToken) {
        this(bearerToken, Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    /** Sends every request with {@code bearerToken}, or none when it is null. */
    public JsonClient(String bearerToken, Duration connectTimeout, Duration requestTimeout) {
        // HTTP/1.1, as every tool speaks to the services: no h2c upgrade offered with each request
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .build();
        this.authorization = bearerToken == null ? null : "Bearer " + bearerToken;
        this.requestTimeout = requestTimeout;
    }

    /** Closes the client's connections at once; requests still in flight fail. */
    @Override
    public void close() {
        client.shutdownNow();
    }

    /**
     * Holds an answer.
     *
     * @param status the HTTP status code
     * @param body the parsed body, or a missing node when there is none or it is not JSON
     * @param retryAfter the {@code Retry-After} header, or null
     */
    public record Answer(int status, JsonNode body, String retryAfter) {

        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * Holds an answer read as text, for the endpoints that do not speak JSON, such as a Prometheus scrape.
     *
     * @param contentType the {@code Content-Type} header, or null
     */
    public record TextAnswer(int status, String contentType, String text) {
    }

    /** Gets {@code url} and keeps the answer as text. */
    public TextAnswer getText(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(url)).GET());
        return new TextAnswer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                response.body());
    }

    public Answer get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    public Answer get(URI uri) throws IOException, InterruptedException {
        return get(uri.toString());
    }

    /** Posts {@code body} as JSON: bytes as they are, anything else serialized. */
    public Answer post(String url, Object body) throws IOException, InterruptedException {
        return post(url, body, Map.of());
    }

    /** Posts a JSON body with extra headers, such as an {@code Idempotency-Key}. */
    public Answer post(String url, Object body, Map<String, String> headers) throws IOException, InterruptedException {
        byte[] bytes = body instanceof byte[] json ? json : JSON.writeValueAsBytes(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        headers.forEach(request::header);
        return send(request);
    }

    /** Posts without a body, as commands like {@code /cancel} take none. */
    public Answer post(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /**
     * Tells whether the service at {@code baseUrl} answers {@code /actuator/health} with 200 and UP; false while
     * nothing listens or it answers otherwise.
     */
    public boolean isUp(String baseUrl) throws InterruptedException {
        try {
            Answer health = get(baseUrl + "/actuator/health");
            return health.status() == 200 && health.body().path("status").asString().equals("UP");
        }
        catch (IOException notYet) {
            return false;
        }
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = exchange(request.header("Accept",
                "application/json, application/problem+json"));
        JsonNode body;
        try {
            body = response.body().isBlank() ? MissingNode.getInstance() : JSON.readTree(response.body());
        }
        catch (JacksonException notJson) {
            body = MissingNode.getInstance();
        }
        return new Answer(response.statusCode(), body,
                response.headers().firstValue("Retry-After").orElse(null));
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) throws IOException, InterruptedException {
        request.timeout(requestTimeout);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
