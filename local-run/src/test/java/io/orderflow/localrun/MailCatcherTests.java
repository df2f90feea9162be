package io.orderflow.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.orderflow.harness.JsonClient;

class MailCatcherTests {

    private MailCatcher catcher;
    private int smtpPort;
    private int pagePort;

    @BeforeEach
    void start() throws IOException {
        smtpPort = freePort();
        pagePort = freePort();
        catcher = MailCatcher.start(smtpPort, pagePort);
    }

    @AfterEach
    void stop() {
        catcher.close();
    }

    @Test
    void keepsEachMessageAsItsRawBytesWithoutParsingIt() throws Exception {
        send("ann@example.com", "Your order 1 is confirmed", "Thank you, Ann.");
        send("bob@example.com", "Your order 2 is rejected", "Sorry, Bob.");

        assertThat(catcher.receivedCount()).isEqualTo(2);
        assertThat(catcher.parsedCount()).isZero();
        MailCatcher.CaughtMessage first = catcher.caught(10).getFirst();
        assertThat(first.envelopeTo()).containsExactly("ann@example.com");
        assertThat(first.envelopeFrom()).isEqualTo("orders@orderflow.local");
        assertThat(new String(first.raw(), StandardCharsets.UTF_8))
                .contains("Subject: Your order 1 is confirmed").contains("Thank you, Ann.");
    }

    @Test
    void parsesOnlyTheMessagesSomebodyReads() throws Exception {
        send("ann@example.com", "Your order 1 is confirmed", "Thank you, Ann.");
        send("bob@example.com", "Your order 2 is rejected", "Sorry, Bob.");

        JsonClient.TextAnswer newest = new JsonClient(null)
                .getText("http://127.0.0.1:" + pagePort + "/api/messages?limit=1");

        assertThat(newest.status()).isEqualTo(200);
        assertThat(newest.text()).contains("\"to\":\"bob@example.com\"")
                .contains("\"subject\":\"Your order 2 is rejected\"").contains("Sorry, Bob.")
                .doesNotContain("Ann");
        assertThat(catcher.parsedCount()).isEqualTo(1);
        assertThat(catcher.messages(10)).extracting(MailCatcher.Mail::subject)
                .containsExactly("Your order 1 is confirmed", "Your order 2 is rejected");
    }

    private void send(String to, String subject, String body) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", Integer.toString(smtpPort));
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress("orders@orderflow.local"));
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject(subject, "UTF-8");
        message.setText(body, "UTF-8");
        Transport.send(message);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
