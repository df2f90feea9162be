package io.orderflow.localrun;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

/**
 * Keeps the passwords of a local run's accounts in a properties file of its state folder, readable by its owner only.
 * A password is generated on the first run and kept, so that the data made with it stays usable.
 */
final class GeneratedPasswords {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Properties passwords;

    private GeneratedPasswords(Properties passwords) {
        this.passwords = passwords;
    }

    /** Reads {@code file}, generating and saving a password for each of {@code accounts} that has none. */
    static GeneratedPasswords loadOrCreate(Path file, List<String> accounts, String comment) {
        Properties passwords = new Properties();
        try {
            if (Files.exists(file)) {
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    passwords.load(reader);
                }
            }
            List<String> missing = accounts.stream().filter(a -> passwords.getProperty(a, "").isBlank()).toList();
            if (!missing.isEmpty()) {
                missing.forEach(account -> passwords.setProperty(account, newPassword()));
                StringWriter text = new StringWriter();
                passwords.store(text, comment);
                writeOwnerOnly(file, text.toString());
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not read or write " + file, ex);
        }
        return new GeneratedPasswords(passwords);
    }

    /** Writes {@code text} to {@code file}, readable by its owner only from the first byte, replacing it at once. */
    static void writeOwnerOnly(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path written = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(written, text, StandardCharsets.UTF_8);
        Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Returns the password of {@code account}. */
    String of(String account) {
        String password = passwords.getProperty(account);
        if (password == null) {
            throw new IllegalArgumentException("No password is kept for " + account);
        }
        return password;
    }

    private static String newPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        // URL-safe base64 has no quote or backslash, so it sits in a SQL literal or a JAAS option as it is
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
