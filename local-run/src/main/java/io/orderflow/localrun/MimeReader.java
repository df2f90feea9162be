package io.orderflow.localrun;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import io.orderflow.localrun.MailCatcher.CaughtMessage;
import io.orderflow.localrun.MailCatcher.Mail;

/** Parses a message the mail catcher kept as raw bytes, when somebody looks at it. */
final class MimeReader {

    private static final Session MIME = Session.getInstance(new Properties());

    private MimeReader() {
    }

    /** Reads the recipients, sender, subject and text of a caught message; an unreadable one says so. */
    static Mail read(CaughtMessage caught) {
        String receivedAt = caught.receivedAt().toString();
        try {
            MimeMessage message = new MimeMessage(MIME, new ByteArrayInputStream(caught.raw()));
            Address[] to = message.getAllRecipients();
            return new Mail(to == null ? String.join(", ", caught.envelopeTo()) : addresses(to),
                    message.getFrom() == null ? caught.envelopeFrom() : addresses(message.getFrom()),
                    message.getSubject(), text(message), receivedAt);
        }
        catch (Exception ex) {
            return new Mail(String.join(", ", caught.envelopeTo()), caught.envelopeFrom(),
                    "(unreadable message: " + ex.getMessage() + ")", "", receivedAt);
        }
    }

    private static String addresses(Address[] addresses) {
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
}
