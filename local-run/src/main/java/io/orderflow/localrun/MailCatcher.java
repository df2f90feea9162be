package io.orderflow.localrun;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/**
 * Catches every e-mail the services send (GreenMail's SMTP server, messages in memory) and shows them on a small web
 * page: {@code GET /} for people, {@code GET /api/messages} as JSON, {@code DELETE /api/messages} to purge. Past
 * 10,000 held e-mails it drops them all, so that a long benchmark cannot exhaust the launcher's memory.
 */
final class MailCatcher implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final int MAX_KEPT = 10_000;

    private final GreenMail greenMail;
    private final ScheduledExecutorService retention = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("mail-retention").factory());
    private final HttpServer page;

    private MailCatcher(GreenMail greenMail, HttpServer page) {
        this.greenMail = greenMail;
        this.page = page;
    }

    /** Starts the SMTP server on {@code smtpPort} and the page on {@code pagePort}, both on loopback. */
    static MailCatcher start(int smtpPort, int pagePort) throws IOException {
        ServerSetup smtp = new ServerSetup(smtpPort, LocalSettings.LOOPBACK, ServerSetup.PROTOCOL_SMTP);
        GreenMail greenMail = new GreenMail(smtp);
        greenMail.start();
        HttpServer page;
        try {
            page = HttpServer.create(new InetSocketAddress(LocalSettings.LOOPBACK, pagePort), 0);
        }
        catch (IOException ex) {
            greenMail.stop();
            throw ex;
        }
        MailCatcher catcher = new MailCatcher(greenMail, page);
        page.createContext("/api/messages", catcher::serveMessages);
        page.createContext("/", catcher::servePage);
        page.setExecutor(Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("mail-page").factory()));
        page.start();
        catcher.retention.scheduleWithFixedDelay(catcher::dropAllWhenFull, 5, 5, TimeUnit.SECONDS);
        return catcher;
    }

    /**
     * Describes one received e-mail.
     *
     * @param to the recipients
     * @param from the sender
     * @param subject the subject line
     * @param body the plain-text body (the HTML one if there is no plain text)
     * @param receivedAt when the SMTP server accepted it, as an ISO-8601 instant
     */
    record Mail(String to, String from, String subject, String body, String receivedAt) {
    }

    /** Returns every message received so far, oldest first. */
    List<Mail> messages() {
        List<StoredMessage> stored = new ArrayList<>(greenMail.getManagers().getImapHostManager().getAllMessages());
        stored.sort(Comparator.comparing(StoredMessage::getReceivedDate));
        List<Mail> mails = new ArrayList<>();
        for (StoredMessage message : stored) {
            mails.add(toMail(message));
        }
        return mails;
    }

    private static Mail toMail(StoredMessage stored) {
        MimeMessage message = stored.getMimeMessage();
        try {
            return new Mail(addresses(message.getAllRecipients()), addresses(message.getFrom()), message.getSubject(),
                    text(message), receivedAt(stored));
        }
        catch (Exception ex) {
            return new Mail("?", "?", "(unreadable message: " + ex.getMessage() + ")", "",
                    receivedAt(stored));
        }
    }

    private static String receivedAt(StoredMessage stored) {
        return stored.getReceivedDate().toInstant().toString();
    }

    private static String addresses(Address[] addresses) {
        if (addresses == null) {
            return "";
        }
        List<String> all = new ArrayList<>();
        for (Address address : addresses) {
            all.add(address.toString());
        }
        return String.join(", ", all);
    }

    private static String text(Part part) throws Exception {
        Object content = part.getContent();
        if (content instanceof String text) {
            return text;
        }
        if (content instanceof Multipart multipart) {
            String fallback = "";
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String childText = text(child);
                if (child.isMimeType("text/plain")) {
                    return childText;
                }
                fallback = fallback.isEmpty() ? childText : fallback;
            }
            return fallback;
        }
        return "";
    }

    private void serveMessages(HttpExchange exchange) throws IOException {
        try (exchange) {
            switch (exchange.getRequestMethod()) {
                case "GET" -> respond(exchange, 200, "application/json", JSON.writeValueAsBytes(messages()));
                case "DELETE" -> {
                    purge();
                    exchange.sendResponseHeaders(204, -1);
                }
                default -> respond(exchange, 405, "text/plain", "GET or DELETE".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void servePage(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/")) {
                respond(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            respond(exchange, 200, "text/html; charset=utf-8", html(messages().reversed())
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Drops every caught e-mail once more than {@link #MAX_KEPT} are held: they live in this process's memory, and a
     * long benchmark sends tens of thousands.
     */
    private void dropAllWhenFull() {
        try {
            int held = greenMail.getManagers().getImapHostManager().getAllMessages().size();
            if (held > MAX_KEPT) {
                purge();
                System.out.printf("Mail catcher: dropped %d e-mails (it keeps at most %d in memory)%n", held, MAX_KEPT);
            }
        }
        catch (RuntimeException ex) {
            System.err.println("Mail catcher: could not drop old e-mails: " + ex);
        }
    }

    private void purge() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        }
        catch (FolderException ex) {
            throw new IllegalStateException("Could not purge the caught mail", ex);
        }
    }

    private static String html(List<Mail> newestFirst) {
        StringBuilder html = new StringBuilder("""
                <!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
                <title>Orderflow mail</title><style>body{font-family:sans-serif;margin:2em}
                article{border:1px solid #ccc;border-radius:6px;padding:.5em 1em;margin:1em 0}
                pre{white-space:pre-wrap}small{color:#666}</style></head><body>
                """);
        html.append("<h1>Mail sent by Orderflow (").append(newestFirst.size()).append(")</h1>")
                .append("<p><small>Newest first; refreshes every 5 s. JSON: <a href=\"/api/messages\">/api/messages"
                        + "</a></small></p>");
        for (Mail mail : newestFirst) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("To", mail.to());
            fields.put("From", mail.from());
            fields.put("Received", mail.receivedAt());
            html.append("<article><h3>").append(escape(mail.subject())).append("</h3><small>");
            fields.forEach((name, value) -> html.append(name).append(": ").append(escape(value)).append("<br>"));
            html.append("</small><pre>").append(escape(mail.body())).append("</pre></article>");
        }
        return html.append("</body></html>").toString();
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
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
        retention.shutdownNow();
        page.stop(0);
        greenMail.stop();
    }
}
