package io.orderflow.benchmarks;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the load's placements and cancels over HTTP/1.1 through Jetty's client: a fixed pool of persistent connections
 * per service, sends that need no thread while they wait, and the benchmark's token, encoded once, on every request.
 * The load builds requests with {@link #newPost} and sends them with a listener; {@link #post} waits, for the
 * placements sent again after the load. The set-up and the checks go through {@link SystemApi} instead.
 */
final class Http implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String JSON_TYPE = "application/json";
    static final int DEFAULT_CONNECTIONS = 256;
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final HttpField ACCEPT_JSON = new PreEncodedHttpField(HttpHeader.ACCEPT, JSON_TYPE);
    /** threads beside the selector's, for the client's own tasks: the listeners run on the selector's thread */
    private static final int CLIENT_THREADS = 4;
    private static final long IDLE_CONNECTION_MILLIS = 20_000;

    private final HttpClient client;
    private final HttpField authorization;
    private final long timeoutMillis;
    private final ConnectionCounter connections = new ConnectionCounter();
    private final Map<String, HttpField> hosts = new ConcurrentHashMap<>();

    /** Sends every request with {@code bearerToken}, gives up on an answer after {@code timeout}. */
    Http(Duration timeout, String bearerToken) {
        this(timeout, bearerToken, DEFAULT_CONNECTIONS, 4096);
    }

    /**
     * Opens at most {@code connectionsPerService} connections to each service; up to {@code queuedPerService}
     * requests wait for one of them.
     */
    Http(Duration timeout, String bearerToken, int connectionsPerService, int queuedPerService) {
        this.timeoutMillis = timeout.toMillis();
        this.authorization = new PreEncodedHttpField(HttpHeader.AUTHORIZATION, "Bearer " + bearerToken);
        QueuedThreadPool threads = new QueuedThreadPool(CLIENT_THREADS + 2, 1);
        threads.setName("http-client");
        threads.setDaemon(true);
        threads.setReservedThreads(0);
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(1);
        // the listeners never block, so the selector thread reads, parses and calls them itself: no hand-off per answer
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        client = new HttpClient(transport);
        client.setExecutor(threads);
        // a daemon, so that a run that fails cannot keep the JVM alive
        client.setScheduler(new ScheduledExecutorScheduler("http-client-scheduler", true));
        client.setMaxConnectionsPerDestination(connectionsPerService);
        client.setMaxRequestsQueuedPerDestination(queuedPerService);
        client.setConnectTimeout(5_000);
        // below the services' idle timeout (Jetty's 30 s), so that the client closes an idle connection before the
        // server does and never sends on one the server is closing; a request in flight waits up to its own timeout
        client.setIdleTimeout(IDLE_CONNECTION_MILLIS);
        client.setFollowRedirects(false);
        client.setUserAgentField(null);
        // an empty store, which Jetty does not ask: else it builds every request's URI to look cookies up
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.addBean(connections);
        try {
            client.start();
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not start the HTTP client", ex);
        }
        // no Accept-Encoding: the answers are small, and nothing is to be decoded
        client.getContentDecoderFactories().clear();
        // no redirects, authentication challenges or 100-continue to follow: every answer goes to the caller as it is
        client.getProtocolHandlers().clear();
    }

    /** Holds an answer; {@code body} is empty for none; {@code retryAfter} tells whether it said when to ask again. */
    record Response(int status, byte[] body, Optional<String> location, boolean retryAfter) {

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    /**
     * Returns a POST of {@code body} (JSON bytes, empty for none) to {@code uri} with the token and, unless null, the
     * Idempotency-Key; nothing is sent yet.
     */
    Request newPost(URI uri, byte[] body, String idempotencyKey) {
        HttpField host = host(uri);
        Request request = client.newRequest(uri).method(HttpMethod.POST)
                .timeout(timeoutMillis, TimeUnit.MILLISECONDS).idleTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .body(new BodyContent(body));
        return request.headers(headers -> {
            headers.put(host);
            headers.put(ACCEPT_JSON);
            headers.put(authorization);
            if (idempotencyKey != null) {
                headers.put(IDEMPOTENCY_KEY, idempotencyKey);
            }
        });
    }

    /**
     * Returns the destination of {@code uri}'s scheme, host and port: sending through it saves the look-up the
     * client makes for every request otherwise.
     */
    Destination destination(URI uri) {
        return client.resolveDestination(client.newRequest(uri));
    }

    /** Sends JSON bytes and waits for the answer. */
    Response post(URI uri, byte[] body, String idempotencyKey) throws IOException, InterruptedException {
        return send(newPost(uri, body, idempotencyKey));
    }

    /** Returns the Host header of a URI's authority, encoded once: without one, Jetty builds a URI per request. */
    private HttpField host(URI uri) {
        return hosts.computeIfAbsent(uri.getRawAuthority(), authority -> new PreEncodedHttpField(HttpHeader.HOST,
                authority));
    }

    private static Response send(Request request) throws IOException, InterruptedException {
        try {
            ContentResponse response = request.send();
            return new Response(response.getStatus(), response.getContent(),
                    Optional.ofNullable(response.getHeaders().get(HttpHeader.LOCATION)),
                    response.getHeaders().contains(HttpHeader.RETRY_AFTER));
        }
        catch (TimeoutException ex) {
            throw new HttpTimeoutException("no answer from " + request.getURI() + " in time");
        }
        catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof TimeoutException) {
                throw new HttpTimeoutException("no answer from " + request.getURI() + " in time");
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException) {
                throw new InterruptedIOException("interrupted");
            }
            throw new IOException(cause);
        }
    }

    /** Returns the counts of the TCP connections this client opened and closed, per service. */
    ConnectionCounter connections() {
        return connections;
    }

    @Override
    public void close() {
        try {
            client.stop();
        }
        catch (Exception ex) {
            // closing anyway
        }
    }
}
