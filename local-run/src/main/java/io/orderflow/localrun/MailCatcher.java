package io.orderflow.localrun;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.TooMuchDataException;
import org.subethamail.smtp.server.SMTPServer;

import io.orderflow.harness.JsonClient;

/**
 * Catches every e-mail the services send and shows them on a small web page: {@code GET /} for people,
 * {@code GET /api/messages} as JSON ({@code ?limit=N} for the newest N), {@code DELETE /api/messages} to purge.
 *
 * <p>Receiving costs next to nothing: SubEthaSMTP hands each message over as raw bytes, and the catcher keeps those
 * bytes, unparsed, with the envelope and the time. A message is parsed only when somebody looks at it. It keeps the
 * newest 10,000 messages and forgets the oldest, so that a long benchmark cannot exhaust the launcher's memory.
 */
final class MailCatcher implements AutoCloseable {

    private static final int MAX_KEPT = 10_000;
    private static final int MAX_MESSAGE_BYTES = 1 << 20;
    private static final int PAGE_SIZE = 100;

    private final Deque<CaughtMessage> kept = new ArrayDeque<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong parsed = new AtomicLong();
    private final SMTPServer smtp;
    private final HttpServer page;

    private MailCatcher(int smtpPort, int pagePort) throws IOException {
        InetAddress loopback = InetAddress.getByName(LocalSettings.LOOPBACK);
        smtp = SMTPServer.port(smtpPort).bindAddress(loopback).hostName("orderflow-mail-catcher")
                .maxMessageSize(MAX_MESSAGE_BYTES).messageHandlerFactory(Handler::new)
                .serverThreadName("mail-catcher-smtp").build();
        page = HttpServer.create(new InetSocketAddress(loopback, pagePort), 0);
    }

    /** Starts the SMTP server on {@code smtpPort} and the page on {@code pagePort}, both on loopback. */
    static MailCatcher start(int smtpPort, int pagePort) throws IOException {
        MailCatcher catcher = new MailCatcher(smtpPort, pagePort);
        catcher.smtp.start();
        catcher.page.createContext("/api/messages", catcher::serveMessages);
        catcher.page.createContext("/", catcher::servePage);
        catcher.page.setExecutor(Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("mail-page").factory()));
        catcher.page.start();
        return catcher;
    }

    /**
     * One message as it arrived: the SMTP envelope and the bytes of the message, not parsed.
     *
     * @param receivedAt when the SMTP server accepted it
     * @param envelopeFrom the MAIL FROM address
     * @param envelopeTo the RCPT TO addresses
     * @param raw the message as sent, headers and body
     */
    record CaughtMessage(Instant receivedAt, String envelopeFrom, List<String> envelopeTo, byte[] raw) {
    }

    /**
     * Describes one received e-mail, read from its raw bytes.
     *
     * @param to the recipients
     * @param from the sender
     * @param subject the subject line
     * @param body the plain-text body (the HTML one if there is no plain text)
     * @param receivedAt when the SMTP server accepted it, as an ISO-8601 instant
     */
    record Mail(String to, String from, String subject, String body, String receivedAt) {
    }

    /** Returns how many messages arrived since the start, including those no longer kept. */
    long receivedCount() {
        return received.get();
    }

    /** Returns how many messages have been parsed so far: only those somebody looked at. */
    long parsedCount() {
        return parsed.get();
    }

    /** Returns the newest {@code limit} messages kept, oldest first, unparsed. */
    List<CaughtMessage> caught(int limit) {
        synchronized (kept) {
            List<CaughtMessage> all = new ArrayList<>(kept);
            return all.subList(Math.max(0, all.size() - limit), all.size());
        }
    }

    /** Returns the newest {@code limit} messages kept, oldest first, parsed. */
    List<Mail> messages(int limit) {
        return caught(limit).stream().map(message -> {
            parsed.incrementAndGet();
            return MimeReader.read(message);
        }).toList();
    }

    private void keep(CaughtMessage message) {
        received.incrementAndGet();
        synchronized (kept) {
            if (kept.size() == MAX_KEPT) {
                kept.removeFirst();
            }
            kept.addLast(message);
        }
    }

    private void serveMessages(HttpExchange exchange) throws IOException {
        try (exchange) {
            switch (exchange.getRequestMethod()) {
                case "GET" -> respond(exchange, 200, "application/json",
                        JsonClient.JSON.writeValueAsBytes(messages(limit(exchange.getRequestURI()))));
                case "DELETE" -> {
                    synchronized (kept) {
                        kept.clear();
                    }
                    exchange.sendResponseHeaders(204, -1);
                }
                default -> respond(exchange, 405, "text/plain", "GET or DELETE".getBytes(StandardCharsets.UTF_8));
            }
        }
        catch (IllegalArgumentException ex) {
            respond(exchange, 400, "text/plain", ex.getMessage().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static int limit(URI uri) {
        String query = uri.getQuery();
        if (query == null) {
            return MAX_KEPT;
        }
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("limit=")) {
                try {
                    return Math.max(0, Integer.parseInt(parameter.substring("limit=".length())));
                }
                catch (NumberFormatException ex) {
                    throw new IllegalArgumentException("limit must be a number: " + parameter);
                }
            }
        }
        return MAX_KEPT;
    }

    private void servePage(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/")) {
                respond(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            respond(exchange, 200, "text/html; charset=utf-8",
                    MailPage.html(messages(PAGE_SIZE).reversed(), received.get()).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops the page and the SMTP server; the caught mail is gone. */
    @Override
    public void close() {
        page.stop(0);
        smtp.stop();
    }

    /** Receives one SMTP transaction: its envelope, then its data, which it keeps as it came. */
    private final class Handler implements MessageHandler {

        private final List<String> recipients = new ArrayList<>(1);
        private String from;

        Handler(MessageContext context) {
        }

        @Override
        public void from(String address) {
            this.from = address;
        }

        @Override
        public void recipient(String address) {
            recipients.add(address);
        }

        @Override
        public String data(InputStream data) throws IOException, TooMuchDataException {
            ByteArrayOutputStream raw = new ByteArrayOutputStream(2048);
            data.transferTo(raw);
            keep(new CaughtMessage(Instant.now(), from, List.copyOf(recipients), raw.toByteArray()));
            return null;
        }

        @Override
        public void done() {
        }
    }
}
