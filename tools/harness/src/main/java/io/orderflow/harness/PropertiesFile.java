package io.orderflow.harness;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Reads the properties files a local run keeps in its state folder, such as its generated passwords. */
public final class PropertiesFile {

    private PropertiesFile() {
    }

    /** Returns the properties of {@code file}, read as UTF-8. */
    public static Properties read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not read " + file, ex);
        }
        return properties;
    }
}
