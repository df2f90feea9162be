package io.orderflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.orderflow.benchmarks.OrderGenerator.Kind;

class LoadDriverTests {

    private static final long SECOND = 1_000_000_000L;
    private static final String RUN = "T1";

    private final List<String> skus = IntStream.rangeClosed(1, 20).mapToObj(i -> OrderGenerator.sku(RUN, i)).toList();
    private final OrderGenerator generator = new OrderGenerator(skus, List.of(OrderGenerator.zeroStockSku(RUN, 1)),
            0.1, 0.2, 0.1, 7);
    private final OrderBodies bodies = new OrderBodies("bench-" + RUN, "bench-t1@example.com", skus);
    private final Map<String, byte[]> placed = new ConcurrentHashMap<>();
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();
    private final Map<String, String> contentTypes = new ConcurrentHashMap<>();
    private final Map<String, String> extraHeaders = new ConcurrentHashMap<>();
    private final AtomicInteger cancels = new AtomicInteger();
    private final AtomicInteger refuseFirst = new AtomicInteger();
    private final ExecutorService serverThreads = Executors.newFixedThreadPool(4);
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        serverThreads.close();
    }

    @Test
    void everyPlannedOrderLeavesOnceWithItsKeyTokenAndPreparedBodyOverAFewPersistentConnections() throws Exception {
        int port = startOrderService();
        Options options = options(port, "200", "1s");
        try (Http http = new Http(Duration.ofSeconds(5), "token-x", 8, 2_100)) {
            LoadDriver driver = driver(options, http);
            long start = System.nanoTime() + SECOND / 10;
            driver.run(start, start, start + SECOND);

            assertThat(placed).hasSize(200);
            for (int i = 0; i < 200; i++) {
                String key = RUN + "-" + i;
                assertThat(placed.get(key)).as(key).isEqualTo(bodies.body(generator.next(i).lines()));
            }
            assertThat(authorizations.values()).containsOnly("Bearer token-x");
            assertThat(contentTypes.values()).containsOnly("application/json");
            assertThat(extraHeaders).isEmpty();
            LoadCounters counters = driver.counters;
            assertThat(counters.accepted.sum()).isEqualTo(200);
            assertThat(counters.errorCount()).isZero();
            long planned = IntStream.range(0, 200).filter(i -> generator.next(i).kind() == Kind.CANCEL).count();
            assertThat(cancels.get()).isEqualTo((int) planned);
            assertThat(counters.cancelsOk.sum()).isEqualTo(planned);
            assertThat(counters.answerCounts()).containsEntry("201", 200L).containsEntry("cancel 200", planned);
            assertThat(http.connections().opened(port)).isBetween(1L, 8L);
        }
    }

    @Test
    void refusalsWithRetryAfterAreAnswersNotErrorsAndTheirOrdersArePlacedAfterTheLoad() throws Exception {
        refuseFirst.set(5);
        int port = startOrderService();
        Options options = options(port, "50", "200ms");
        try (Http http = new Http(Duration.ofSeconds(5), "token-x", 4, 2_100)) {
            LoadDriver driver = driver(options, http);
            long start = System.nanoTime() + SECOND / 10;
            driver.run(start, start, start + SECOND / 5);

            LoadCounters counters = driver.counters;
            assertThat(counters.refused.sum()).isEqualTo(5);
            assertThat(counters.errorCount()).isZero();
            assertThat(counters.answerCounts()).containsEntry("503", 5L).containsEntry("201", 5L);

            driver.resolveUnknownOutcomes();
            assertThat(counters.resolvedLate.sum()).isEqualTo(5);
            assertThat(counters.stillUnknown.sum()).isZero();
            assertThat(counters.accepted.sum()).isEqualTo(10);
            assertThat(placed).hasSize(10);
        }
    }

    @Test
    void aConnectionThatCannotBeOpenedIsAConnectionErrorAndItsOrderWaitsToBeSentAgain() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Options options = options(closedPort, "50", "100ms");
        try (Http http = new Http(Duration.ofSeconds(5), "token-x", 4, 2_100)) {
            LoadDriver driver = driver(options, http);
            long start = System.nanoTime();
            driver.run(start, start, start + SECOND / 10);

            LoadCounters counters = driver.counters;
            assertThat(counters.connectionErrorCounts()).isEqualTo(Map.of("connect refused", 5L));
            assertThat(counters.errorCount()).isEqualTo(5);
            assertThat(counters.answerCounts()).isEmpty();
            assertThat(counters.refused.sum()).isZero();
            assertThat(http.connections().opened(closedPort)).isZero();
        }
    }

    @Test
    void failuresAreNamedByWhatHappenedToTheConnection() {
        assertThat(LoadCounters.kind(new java.net.ConnectException("Connection refused"))).isEqualTo("connect refused");
        assertThat(LoadCounters.kind(new java.net.SocketTimeoutException("Connect Timeout")))
                .isEqualTo("connect timeout");
        assertThat(LoadCounters.kind(new java.util.concurrent.TimeoutException("Total timeout 30000 ms elapsed")))
                .isEqualTo("timeout");
        assertThat(LoadCounters.kind(new IOException("Connection reset by peer"))).isEqualTo("connection reset");
        assertThat(LoadCounters.kind(new java.io.EOFException("HttpConnectionOverHTTP closed")))
                .isEqualTo("connection closed");
        assertThat(LoadCounters.kind(new java.util.concurrent.RejectedExecutionException("Max requests queued")))
                .isEqualTo("client queue full");
        assertThat(LoadCounters.isRefusal(503, true)).isTrue();
        assertThat(LoadCounters.isRefusal(429, true)).isTrue();
        assertThat(LoadCounters.isRefusal(503, false)).isFalse();
        assertThat(LoadCounters.isRefusal(500, true)).isFalse();
    }

    private LoadDriver driver(Options options, Http http) {
        Timeline timeline = new Timeline(System.nanoTime(), 60);
        Tracker tracker = new Tracker(timeline, System.nanoTime(), Benchmark.currentEpochMicros());
        return new LoadDriver(options, http, generator, bodies, tracker, timeline, RUN);
    }

    private static Options options(int port, String rate, String duration) {
        return Options.parse(List.of("--order-url", "http://127.0.0.1:" + port, "--rate", rate, "--duration",
                duration));
    }

    private int startOrderService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(serverThreads);
        server.createContext("/api/orders", this::answer);
        server.start();
        return server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        if (path.endsWith("/cancel")) {
            cancels.incrementAndGet();
            respond(exchange, 200, "{}");
            return;
        }
        if (refuseFirst.getAndDecrement() > 0) {
            exchange.getResponseHeaders().add("Retry-After", "1");
            respond(exchange, 503, "{\"type\":\"at-capacity\"}");
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        placed.put(key, body);
        authorizations.put(key, exchange.getRequestHeaders().getFirst("Authorization"));
        contentTypes.put(key, exchange.getRequestHeaders().getFirst("Content-Type"));
        for (String header : List.of("Accept-Encoding", "User-Agent", "Cookie")) {
            if (exchange.getRequestHeaders().containsKey(header)) {
                extraHeaders.put(key, header);
            }
        }
        exchange.getResponseHeaders().add("Location", "/api/orders/" + UUID.nameUUIDFromBytes(key.getBytes()));
        respond(exchange, 201, "{\"status\":\"PENDING\"}");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
