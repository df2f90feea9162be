package io.orderflow.localrun;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** Sends JSON requests to the services, with a bearer token, and reads their JSON answers. */
final class JsonHttp {

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String authorization;

    /** Sends every request with {@code bearerToken}, a token of the local run's development issuer. */
    JsonHttp(String bearerToken) {
        this.authorization = "Bearer " + bearerToken;
    }

    /**
     * Holds an answer.
     *
     * @param status the HTTP status code
     * @param body the parsed body, or a missing node when there is none or it is not JSON
     * @param retryAfter the {@code Retry-After} header, or null
     */
    record Answer(int status, JsonNode body, String retryAfter) {

        boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    Answer get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    Answer post(String url, Object body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    /** Posts a JSON body with extra headers, such as an {@code Idempotency-Key}. */
    Answer post(String url, Object body, java.util.Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        headers.forEach(request::header);
        return send(request);
    }

    /** Posts without a body, as commands like {@code /cancel} take none. */
    Answer post(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json, application/problem+json")
                .header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = response.body().isBlank() ? MissingNode.getInstance() : JSON.readTree(response.body());
        }
        catch (IOException notJson) {
            body = MissingNode.getInstance();
        }
        return new Answer(response.statusCode(), body,
                response.headers().firstValue("Retry-After").orElse(null));
    }
}
