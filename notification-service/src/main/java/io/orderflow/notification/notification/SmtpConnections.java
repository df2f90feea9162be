package io.orderflow.notification.notification;

import java.time.Duration;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Keeps SMTP connections open between batches, so that a batch pays no connection set-up, greeting and EHLO: a sender
 * borrows a connection for its batch and gives it back. A connection that failed is closed, not given back; one left
 * unused for longer than {@code maxIdle} is closed when it is next borrowed, before a server would time it out.
 * Connects with the host, port and login of Spring Boot's {@code spring.mail} settings.
 */
final class SmtpConnections implements AutoCloseable {

    private final JavaMailSenderImpl settings;
    private final long maxIdleNanos;
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();

    SmtpConnections(JavaMailSenderImpl settings, Duration maxIdle) {
        this.settings = settings;
        this.maxIdleNanos = maxIdle.toNanos();
    }

    /** Returns the session that messages for these connections are made in. */
    Session session() {
        return settings.getSession();
    }

    /** Returns an open connection: one given back recently, or a new one. */
    Connection borrow() throws MessagingException {
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            if (System.nanoTime() - connection.lastUsedNanos < maxIdleNanos) {
                return connection;
            }
            connection.close();
        }
        Transport transport = settings.getSession().getTransport(
                settings.getProtocol() == null ? "smtp" : settings.getProtocol());
        // an empty login means none, as in Spring's JavaMailSenderImpl: with a password but no user, SMTP would AUTH
        boolean anonymous = settings.getUsername() == null || settings.getUsername().isEmpty();
        transport.connect(settings.getHost(), settings.getPort(), anonymous ? null : settings.getUsername(),
                anonymous ? null : settings.getPassword());
        return new Connection(transport);
    }

    /** Takes a connection back for the next batch, or closes it if it failed. */
    void giveBack(Connection connection) {
        if (connection.failed) {
            connection.close();
        }
        else {
            idle.addFirst(connection);
        }
    }

    /** Closes every idle connection. */
    @Override
    public void close() {
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            connection.close();
        }
    }

    /** One open SMTP connection. */
    static final class Connection {

        private final Transport transport;
        private long lastUsedNanos = System.nanoTime();
        private boolean failed;

        private Connection(Transport transport) {
            this.transport = transport;
        }

        /**
         * Sends one message; after a failure the connection is no longer used.
         *
         * @throws MessagingException if the server refused the message or the connection broke
         */
        void send(MimeMessage message) throws MessagingException {
            try {
                message.saveChanges();
                transport.sendMessage(message, message.getAllRecipients());
                lastUsedNanos = System.nanoTime();
            }
            catch (MessagingException | RuntimeException ex) {
                failed = true;
                throw ex;
            }
        }

        private void close() {
            try {
                transport.close();
            }
            catch (MessagingException ignored) {
                // the connection is given up either way
            }
        }
    }

    /**
     * An e-mail whose Message-ID is made from its notification's id, so that a copy sent twice (after a crash, see
     * {@link NotificationSender}) is recognisable as the same e-mail.
     */
    static final class NotificationMessage extends MimeMessage {

        private final String messageId;

        NotificationMessage(Session session, UUID notificationId) {
            super(session);
            this.messageId = "<" + notificationId + "@orderflow>";
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
