package io.orderflow.localrun;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.orderflow.localrun.MailCatcher.Mail;

/** Renders the mail catcher's page for people: the newest messages, newest first, refreshed every 5 s. */
final class MailPage {

    private MailPage() {
    }

    static String html(List<Mail> newestFirst, long received) {
        StringBuilder html = new StringBuilder("""
                <!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
                <title>Orderflow mail</title><style>body{font-family:sans-serif;margin:2em}
                article{border:1px solid #ccc;border-radius:6px;padding:.5em 1em;margin:1em 0}
                pre{white-space:pre-wrap}small{color:#666}</style></head><body>
                """);
        html.append("<h1>Mail sent by Orderflow (").append(received).append(")</h1>")
                .append("<p><small>The newest ").append(newestFirst.size())
                .append(", newest first; refreshes every 5 s. JSON: <a href=\"/api/messages\">/api/messages</a>"
                        + "</small></p>");
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
}
