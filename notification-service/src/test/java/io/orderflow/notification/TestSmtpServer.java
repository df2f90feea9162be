package io.orderflow.notification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server (GreenMail) on a fixed free port that tests can stop and start again, to play a mail server that
 * goes away for a while.
 */
final class TestSmtpServer {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private GreenMail greenMail;

    private TestSmtpServer(int port) {
        this.port = port;
        start();
    }

    static TestSmtpServer onFreePort() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return new TestSmtpServer(port);
    }

    int port() {
        return port;
    }

    /** Starts a fresh server on the port, with an empty inbox. */
    synchronized void start() {
        if (greenMail == null) {
            ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
            setup.setServerStartupTimeout(STARTUP_TIMEOUT.toMillis());
            greenMail = new GreenMail(setup);
            greenMail.start();
        }
    }

    /** Stops the server: connections to the port are refused until {@link #start()}. */
    synchronized void stop() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    /** Returns the messages received since the server last started that are addressed to {@code recipient}. */
    synchronized List<MimeMessage> messagesTo(String recipient) {
        if (greenMail == null) {
            return List.of();
        }
        return Arrays.stream(greenMail.getReceivedMessages()).filter(message -> isAddressedTo(message, recipient))
                .toList();
    }

    private static boolean isAddressedTo(MimeMessage message, String recipient) {
        try {
            Address[] recipients = message.getAllRecipients();
            return recipients != null && Arrays.stream(recipients)
                    .anyMatch(address -> address.toString().equalsIgnoreCase(recipient));
        }
        catch (MessagingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
