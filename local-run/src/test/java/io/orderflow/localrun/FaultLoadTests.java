package io.orderflow.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs the fault suite's load against stand-ins of order-service on loopback that answer as each test tells them. */
class FaultLoadTests {

    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stopTheServers() {
        servers.forEach(server -> server.stop(0));
    }

    @Test
    void aPlacementDeclinedWithRetryAfterIsSentAgainAndIsNoFailedRequest() throws Exception {
        StandIn orders = standIn(503, 201);

        FaultLoad.Outcome outcome = load(orders).run(3, 50);

        assertThat(outcome.told()).hasSize(3);
        assertThat(outcome.resends()).isEqualTo(1);
        assertThat(outcome.failedRequests()).isEmpty();
        assertThat(outcome.failures()).isEmpty();
    }

    @Test
    void a5xxOtherThanA503WithRetryAfterIsAFailedRequest() throws Exception {
        StandIn orders = standIn(500, 201);

        FaultLoad.Outcome outcome = load(orders).run(2, 50);

        assertThat(outcome.told()).hasSize(2);
        assertThat(outcome.failedRequests()).containsExactly(java.util.Map.entry("500", 1));
        assertThat(outcome.failedRequestCount()).isEqualTo(1);
    }

    @Test
    void aRefusedConnectionIsAFailedRequest() throws Exception {
        StandIn stopped = standIn(201);
        stopped.server().stop(0);
        StandIn running = standIn(201);
        FaultLoad load = load(stopped, running);

        FaultLoad.Outcome outcome = load.run(6, 50);

        assertThat(outcome.told()).hasSize(6);
        assertThat(outcome.failedRequests()).containsKey("connection refused");
        assertThat(outcome.failedRequestCount()).isEqualTo(outcome.resends()).isPositive();
    }

    @Test
    void aWithdrawnInstanceGetsNoRequestUntilItIsRestored() throws Exception {
        StandIn first = standIn(201);
        StandIn second = standIn(201);
        FaultLoad load = load(first, second);

        load.withdraw(second.url());
        load.run(8, 100);

        assertThat(first.requests()).hasSize(8);
        assertThat(second.requests()).isEmpty();

        load.restore(second.url(), Duration.ZERO);
        load.run(8, 100);

        assertThat(second.requests()).isNotEmpty();
    }

    @Test
    void anInstanceRestoredWithASlowStartGetsOnlyAFewRequestsAtFirst() throws Exception {
        StandIn first = standIn(201);
        StandIn restarted = standIn(201);
        FaultLoad load = load(first, restarted);

        load.withdraw(restarted.url());
        load.restore(restarted.url(), java.time.Duration.ofMinutes(10));
        load.run(60, 200);

        assertThat(restarted.requests()).hasSizeLessThan(15);
        assertThat(first.requests()).hasSizeGreaterThan(45);
    }

    @Test
    void withEveryInstanceWithdrawnTheLoadStillSendsToAll() throws Exception {
        StandIn only = standIn(201);
        FaultLoad load = load(only);

        load.withdraw(only.url());
        FaultLoad.Outcome outcome = load.run(2, 100);

        assertThat(outcome.told()).hasSize(2);
    }

    @Test
    void aLoadUntilStoppedPlacesOrdersUntilItIsStoppedAndSeesThemAnswered() throws Exception {
        StandIn orders = standIn(201);
        FaultLoad load = load(orders);

        CompletableFuture<FaultLoad.Outcome> running = CompletableFuture.supplyAsync(() -> {
            try {
                return load.run(FaultLoad.UNTIL_STOPPED, 100);
            }
            catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        });
        Thread.sleep(300);
        load.stopPlacing();
        FaultLoad.Outcome outcome = running.join();

        assertThat(outcome.placed()).isPositive().isLessThan(100);
        assertThat(outcome.told()).hasSize(outcome.placed());
    }

    private FaultLoad load(StandIn... instances) {
        return new FaultLoad(java.util.Arrays.stream(instances).map(StandIn::url).toList(), List.of("SKU-1", "SKU-2"),
                "test-" + UUID.randomUUID(), "token");
    }

    /** Answers placements with the given statuses in turn, the last one from then on, and cancellations with 200. */
    private StandIn standIn(int... statuses) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        List<String> requests = new CopyOnWriteArrayList<>();
        AtomicInteger placements = new AtomicInteger();
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestURI().getPath().endsWith("/cancel")) {
                answer(exchange, 200, "{}");
                return;
            }
            int status = statuses[Math.min(placements.getAndIncrement(), statuses.length - 1)];
            if (status == 503) {
                exchange.getResponseHeaders().add("Retry-After", "1");
            }
            answer(exchange, status, status == 201 ? "{\"id\":\"" + UUID.randomUUID() + "\"}" : "{}");
        });
        server.start();
        servers.add(server);
        return new StandIn(server, "http://127.0.0.1:" + server.getAddress().getPort(), requests);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private record StandIn(HttpServer server, String url, List<String> requests) {
    }
}
