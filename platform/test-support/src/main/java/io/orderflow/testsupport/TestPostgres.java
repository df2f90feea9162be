package io.orderflow.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Holds a running PostgreSQL server for tests and creates fresh databases on it. */
public final class TestPostgres {

    static final String IMAGE = "postgres:17";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String adminUrl;
    private final String urlPrefix;
    private final String username;
    private final String password;
    private final AutoCloseable server;

    private TestPostgres(String adminUrl, String urlPrefix, String username, String password, AutoCloseable server) {
        this.adminUrl = adminUrl;
        this.urlPrefix = urlPrefix;
        this.username = username;
        this.password = password;
        this.server = server;
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "test-postgres-stop"));
    }

    static TestPostgres inContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE);
        container.start();
        String prefix = "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(5432) + "/";
        return new TestPostgres(container.getJdbcUrl(), prefix, container.getUsername(), container.getPassword(),
                container::stop);
    }

    static TestPostgres embedded() {
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            String prefix = "jdbc:postgresql://localhost:" + server.getPort() + "/";
            return new TestPostgres(prefix + "postgres", prefix, "postgres", "postgres", server);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Embedded PostgreSQL did not start", ex);
        }
    }

    /** Creates an empty database whose name starts with {@code prefix} and returns its JDBC URL. */
    public String createDatabase(String prefix) {
        String name = (prefix.replaceAll("[^A-Za-z0-9]", "_") + "_" + ProcessHandle.current().pid() + "_"
                + SEQUENCE.incrementAndGet()).toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(adminUrl, username, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not create test database " + name, ex);
        }
        return urlPrefix + name;
    }

    /** Returns the user name of the test server's superuser. */
    public String username() {
        return username;
    }

    /** Returns the password of the test server's superuser. */
    public String password() {
        return password;
    }

    private void stop() {
        try {
            server.close();
        }
        catch (Exception ignored) {
            // the JVM is going away; nothing to report to
        }
    }
}
