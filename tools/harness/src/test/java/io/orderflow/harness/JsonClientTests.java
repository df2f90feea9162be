package io.orderflow.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JsonClientTests {

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String base;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + exchange.getRequestHeaders().getFirst("Idempotency-Key") + " "
                    + new String(body, StandardCharsets.UTF_8));
            byte[] answer = switch (exchange.getRequestURI().getPath()) {
                case "/price" -> "{\"price\": 9.99}".getBytes(StandardCharsets.UTF_8);
                case "/metrics" -> {
                    exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
                    yield "jvm_threads_live 12\n".getBytes(StandardCharsets.UTF_8);
                }
                case "/actuator/health" -> "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
                case "/busy" -> {
                    exchange.getResponseHeaders().add("Retry-After", "1");
                    yield "not json".getBytes(StandardCharsets.UTF_8);
                }
                default -> new byte[0];
            };
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/busy") ? 503 : 200,
                    answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void readsJsonWithExactDecimalsAndSendsTheToken() throws Exception {
        JsonClient.Answer answer = new JsonClient("t0ken").get(base + "/price");

        assertThat(answer.isSuccess()).isTrue();
        assertThat(answer.body().path("price").decimalValue()).isEqualByComparingTo("9.99");
        assertThat(seen).containsExactly("GET /price Bearer t0ken null ");
    }

    @Test
    void postsObjectsAsJsonAndBytesAsTheyAreWithExtraHeaders() throws Exception {
        JsonClient client = new JsonClient("t0ken");

        client.post(base + "/orders", Map.of("sku", "A"), Map.of("Idempotency-Key", "k1"));
        client.post(base + "/orders", "{\"sku\":\"B\"}".getBytes(StandardCharsets.UTF_8));
        client.post(base + "/orders/1/cancel");

        assertThat(seen).containsExactly("POST /orders Bearer t0ken k1 {\"sku\":\"A\"}",
                "POST /orders Bearer t0ken null {\"sku\":\"B\"}", "POST /orders/1/cancel Bearer t0ken null ");
    }

    @Test
    void givesAMissingBodyForNoneOrNotJsonAndTheRetryAfterHeader() throws Exception {
        JsonClient client = new JsonClient(null);

        JsonClient.Answer busy = client.get(base + "/busy");
        JsonClient.Answer empty = client.post(base + "/empty");

        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.retryAfter()).isEqualTo("1");
        assertThat(busy.body().isMissingNode()).isTrue();
        assertThat(empty.body().isMissingNode()).isTrue();
        assertThat(seen.getFirst()).isEqualTo("GET /busy null null ");
    }

    @Test
    void tellsAServiceThatAnswersUpFromOneThatDoesNotListen() throws Exception {
        JsonClient client = new JsonClient(null);

        assertThat(client.isUp(base)).isTrue();
        server.stop(0);
        assertThat(client.isUp(base)).isFalse();
    }

    @Test
    void keepsAnAnswerThatIsNotJsonAsText() throws Exception {
        JsonClient.TextAnswer scrape = new JsonClient("t0ken").getText(base + "/metrics");

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.contentType()).startsWith("text/plain");
        assertThat(scrape.text()).isEqualTo("jvm_threads_live 12\n");
        assertThat(seen).containsExactly("GET /metrics Bearer t0ken null ");
    }
}
