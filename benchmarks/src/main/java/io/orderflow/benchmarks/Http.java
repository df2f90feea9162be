package io.orderflow.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON over the JDK's HTTP client (HTTP/1.1, virtual threads). */
final class Http implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client;
    private final Duration timeout;
    private final String authorization;

    /** Sends every request with {@code bearerToken} and gives up on an answer after {@code timeout}. */
    Http(Duration timeout, String bearerToken) {
        this.timeout = timeout;
        this.authorization = "Bearer " + bearerToken;
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** An answer; {@code body} is empty for none. */
    record Response(int status, byte[] body, Optional<String> location) {

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    Response post(URI uri, Object body, String idempotencyKey) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body == null ? new byte[0] : JSON.writeValueAsBytes(body)));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build());
    }

    Response get(URI uri) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
                .header("Authorization", authorization).GET().build());
    }

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(), response.body(), response.headers().firstValue("Location"));
    }

    @Override
    public void close() {
        client.close();
        executor.close();
    }
}
