package io.orderflow.notification.notification;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain-text e-mail template: a first line {@code Subject: ...}, a blank line, then the body. Both may contain
 * {@code ${name}} placeholders; rendering needs a value for each and fails on any left over.
 */
public final class EmailTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)}");
    private static final String SUBJECT_PREFIX = "Subject: ";

    private final String name;
    private final String subject;
    private final String body;

    private EmailTemplate(String name, String subject, String body) {
        this.name = name;
        this.subject = subject;
        this.body = body;
    }

    /** Loads the template {@code templates/<name>.txt} from the class path. */
    public static EmailTemplate load(String name) {
        String path = "templates/" + name + ".txt";
        try (InputStream in = EmailTemplate.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("No e-mail template " + path + " on the class path");
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read e-mail template " + path, ex);
        }
    }

    static EmailTemplate parse(String name, String text) {
        String normalized = text.replace("\r\n", "\n");
        int endOfSubject = normalized.indexOf("\n\n");
        if (!normalized.startsWith(SUBJECT_PREFIX) || endOfSubject < 0) {
            throw new IllegalStateException(
                    "E-mail template " + name + " must start with a 'Subject: ' line followed by a blank line");
        }
        return new EmailTemplate(name, normalized.substring(SUBJECT_PREFIX.length(), endOfSubject).strip(),
                normalized.substring(endOfSubject + 2));
    }

    /**
     * Fills in the placeholders.
     *
     * @throws IllegalArgumentException if a placeholder has no value
     */
    public EmailContent render(Map<String, String> values) {
        return new EmailContent(fill(subject, values), fill(body, values));
    }

    private String fill(String text, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException(
                        "E-mail template " + name + " needs a value for ${" + matcher.group(1) + "}");
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
