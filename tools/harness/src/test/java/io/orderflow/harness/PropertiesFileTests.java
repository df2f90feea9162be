package io.orderflow.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropertiesFileTests {

    @TempDir
    Path directory;

    @Test
    void readsUtf8Properties() throws Exception {
        Path file = Files.writeString(directory.resolve("a.properties"), "user=zoë\nbrokers = 3\n");

        assertThat(PropertiesFile.read(file)).containsEntry("user", "zoë").containsEntry("brokers", "3");
    }

    @Test
    void namesTheFileItCouldNotRead() {
        assertThatThrownBy(() -> PropertiesFile.read(directory.resolve("none.properties")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("none.properties");
    }
}
