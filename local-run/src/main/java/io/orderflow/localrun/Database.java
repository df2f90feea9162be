package io.orderflow.localrun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Provides the PostgreSQL server of a local run: an embedded one whose data lives in {@code <state>/postgres}, or an
 * external one named by {@code ORDERFLOW_DATABASE_URL_PREFIX}. Creates the services' databases if they are missing.
 */
final class Database implements AutoCloseable {

    private final String urlPrefix;
    private final String username;
    private final String password;
    private final EmbeddedPostgres embedded;
    private final Path pidFile;

    private Database(String urlPrefix, String username, String password, EmbeddedPostgres embedded, Path pidFile) {
        this.urlPrefix = urlPrefix;
        this.username = username;
        this.password = password;
        this.embedded = embedded;
        this.pidFile = pidFile;
    }

    /** Starts the embedded server, or connects to the external one, and creates the services' databases. */
    static Database start(LocalSettings settings) throws IOException {
        String external = settings.externalDatabaseUrlPrefix();
        Database database = external != null
                ? new Database(external, settings.externalDatabaseUsername(), settings.externalDatabasePassword(),
                        null, null)
                : startEmbedded(settings);
        try {
            database.createMissing(LocalSettings.DATABASES);
        }
        catch (RuntimeException ex) {
            database.close();
            throw ex;
        }
        return database;
    }

    private static Database startEmbedded(LocalSettings settings) throws IOException {
        Path logFile = settings.logsDir().resolve("postgres.log");
        Files.createDirectories(settings.logsDir());
        Files.createDirectories(settings.stateDir().resolve("pg-work"));
        int port = settings.postgresPort();
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(settings.stateDir().resolve("postgres"))
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(settings.stateDir().resolve("pg-work").toFile())
                .setPort(port)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                // zonky starts postgres with -F (fsync off) and synchronous_commit off; a later -c wins, and an
                // order that was answered 201 must survive a crash
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("listen_addresses", LocalSettings.LOOPBACK)
                .setServerConfig("unix_socket_directories", "")
                .setServerConfig("max_connections", "200")
                // room for the batched writers: fewer checkpoints, so fewer full-page images in the WAL
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("checkpoint_timeout", "15min")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        return new Database("jdbc:postgresql://" + LocalSettings.LOOPBACK + ":" + port + "/", "postgres", "postgres",
                server, settings.stateDir().resolve("postgres/postmaster.pid"));
    }

    /** Returns the JDBC URL of {@code database}. */
    String jdbcUrl(String database) {
        return urlPrefix + database;
    }

    String username() {
        return username;
    }

    String password() {
        return password;
    }

    boolean isEmbedded() {
        return embedded != null;
    }

    /** Returns the embedded server's postmaster process, read from its pid file. */
    Optional<ProcessHandle> postmaster() {
        try {
            if (embedded == null || !Files.exists(pidFile)) {
                return Optional.empty();
            }
            String firstLine = Files.readAllLines(pidFile, StandardCharsets.UTF_8).getFirst().trim();
            return ProcessHandle.of(Long.parseLong(firstLine));
        }
        catch (IOException | RuntimeException ex) {
            return Optional.empty();
        }
    }

    private void createMissing(List<String> databases) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), username, password);
             Statement statement = connection.createStatement()) {
            for (String name : databases) {
                try (ResultSet found = statement.executeQuery(
                        "SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                    if (!found.next()) {
                        statement.execute("CREATE DATABASE " + name);
                    }
                }
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not create the databases " + databases + " at " + urlPrefix
                    + " as " + username, ex);
        }
    }

    /**
     * Lets go of an embedded server that crashed or was stopped without this object: releases its lock on the data
     * folder, so that {@link #start} can run a new server on the same data. Its attempt to stop the dead server fails
     * and is logged.
     */
    void releaseAfterCrash() {
        if (embedded == null) {
            return;
        }
        try {
            embedded.close();
        }
        catch (IOException | RuntimeException expected) {
            // the server is gone already
        }
    }

    /** Stops the embedded server (a fast shutdown: committed data is on disk); leaves an external one alone. */
    @Override
    public void close() {
        if (embedded == null) {
            return;
        }
        Optional<ProcessHandle> postmaster = postmaster();
        try {
            embedded.close();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly", ex);
        }
        // pg_ctl returns once the pid file is gone, a moment before the postmaster and its backends are
        postmaster.ifPresent(handle -> ChildProcess.terminate(handle, Duration.ofSeconds(10)));
    }
}
