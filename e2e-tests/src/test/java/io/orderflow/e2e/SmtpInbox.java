package io.orderflow.e2e;

import java.util.ArrayList;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;

/** A real SMTP server (GreenMail) that can be taken down and brought back on the same port. */
final class SmtpInbox {

    private final int port;
    private final List<Mail> earlier = new ArrayList<>();
    private GreenMail server;

    SmtpInbox(int port) {
        this.port = port;
    }

    synchronized void start() {
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
    }

    /** Stops accepting mail; what was received so far is kept. */
    synchronized void stop() {
        if (server != null) {
            earlier.addAll(current());
            server.stop();
            server = null;
        }
    }

    int port() {
        return port;
    }

    /** Returns every mail received for {@code recipient}. */
    synchronized List<Mail> mailsTo(String recipient) {
        List<Mail> all = new ArrayList<>(earlier);
        all.addAll(current());
        return all.stream().filter(mail -> mail.to().contains(recipient)).toList();
    }

    private List<Mail> current() {
        if (server == null) {
            return List.of();
        }
        List<Mail> mails = new ArrayList<>();
        for (var message : server.getReceivedMessages()) {
            try {
                mails.add(new Mail(String.join(",", addresses(message)), message.getSubject(),
                        GreenMailUtil.getBody(message)));
            }
            catch (MessagingException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return mails;
    }

    private static List<String> addresses(Message message) throws MessagingException {
        return message.getAllRecipients() == null ? List.of()
                : java.util.Arrays.stream(message.getAllRecipients()).map(Object::toString).toList();
    }

    record Mail(String to, String subject, String body) {
    }
}
