package io.orderflow.order.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the admission in front of a real Jetty server and talks to it over raw sockets. */
class PlacementAdmissionTests {

    private static final String PLACEMENT = """
            POST /api/orders HTTP/1.1\r
            Host: localhost\r
            Content-Type: application/json\r
            Content-Length: 2\r
            \r
            {}""";

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger connectionsOpened = new AtomicInteger();
    private Server server;
    private final Counter refusedCount = new SimpleMeterRegistry().counter("orderflow.orders.shed");
    private PlacementAdmission admission;
    private int port;

    @BeforeEach
    void startServer() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.addEventListener(new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                connectionsOpened.incrementAndGet();
            }
        });
        server.addConnector(connector);
        admission = new PlacementAdmission(new SlowPlacements(), 1, refusedCount);
        server.setHandler(admission);
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stopServer() throws Exception {
        release.countDown();
        server.stop();
    }

    @Test
    void refusesAPlacementBeyondTheLimitAt503AndKeepsTheConnectionOpen() throws Exception {
        try (Socket first = new Socket("127.0.0.1", port); Socket second = new Socket("127.0.0.1", port)) {
            send(first, PLACEMENT);
            awaitInProgress(1);

            send(second, PLACEMENT);
            String refused = readResponse(second);
            send(second, PLACEMENT);
            String refusedAgain = readResponse(second);

            assertThat(refused).startsWith("HTTP/1.1 503").contains("Retry-After: 1")
                    .contains("Content-Type: application/problem+json")
                    .contains("\"type\":\"https://orderflow.io/problems/at-capacity\"")
                    .doesNotContain("Connection: close");
            assertThat(refusedAgain).as("answered on the same connection").startsWith("HTTP/1.1 503");
            assertThat(connectionsOpened).hasValue(2);
            assertThat(refusedCount.count()).isEqualTo(2.0);

            release.countDown();
            assertThat(readResponse(first)).startsWith("HTTP/1.1 201");
        }
    }

    @Test
    void admitsPlacementsAgainOnceThoseInProgressAreAnswered() throws Exception {
        release.countDown();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            for (int i = 0; i < 3; i++) {
                send(socket, PLACEMENT);
                assertThat(readResponse(socket)).startsWith("HTTP/1.1 201");
            }
        }
        awaitInProgress(0);
    }

    @Test
    void neverRefusesReadsOrCancellations() throws Exception {
        try (Socket first = new Socket("127.0.0.1", port); Socket second = new Socket("127.0.0.1", port)) {
            send(first, PLACEMENT);
            awaitInProgress(1);

            send(second, "GET /api/orders/42 HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(readResponse(second)).startsWith("HTTP/1.1 200");
            send(second, "POST /api/orders/42/cancel HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
            assertThat(readResponse(second)).startsWith("HTTP/1.1 200");
        }
    }

    /** Waits for the count to settle: Jetty completes a response's callback just after its last byte is sent. */
    private void awaitInProgress(int placements) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (admission.inProgress() != placements && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(admission.inProgress()).isEqualTo(placements);
    }

    private static void send(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one response: its head up to the blank line, then Content-Length bytes of body. */
    private static String readResponse(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** Answers reads and cancels at once, and a placement only once the test releases it. */
    private final class SlowPlacements extends Handler.Abstract {

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            boolean placement = "POST".equals(request.getMethod())
                    && "/api/orders".equals(request.getHttpURI().getPath());
            Thread.ofVirtual().start(() -> {
                try {
                    if (placement) {
                        release.await();
                    }
                    request.consumeAvailable();
                    response.setStatus(placement ? 201 : 200);
                    response.write(true, ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)), callback);
                }
                catch (InterruptedException ex) {
                    callback.failed(ex);
                }
            });
            return true;
        }
    }
}
