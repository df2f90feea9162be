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

import io.orderflow.harness.ChildProcess;

/**
 * Provides the PostgreSQL server of a local run: an embedded one whose data lives in {@code <state>/postgres}, or an
 * external one named by {@code ORDERFLOW_DATABASE_URL_PREFIX}.
 */
final class Database implements AutoCloseable {

    private final String urlPrefix;
    private final Login admin;
    private final DatabaseRoles roles;
    private final EmbeddedPostgres embedded;
    private final Path pidFile;

    private Database(String urlPrefix, Login admin, DatabaseRoles roles, EmbeddedPostgres embedded, Path pidFile) {
        this.urlPrefix = urlPrefix;
        this.admin = admin;
        this.roles = roles;
        this.embedded = embedded;
        this.pidFile = pidFile;
    }

    /**
     * Starts the embedded server, or connects to the external one. In the embedded one, gives every service a
     * migration role and a runtime role of its own ({@link DatabaseRoles}); in an external one, creates the
     * databases that are missing and lets every service use the configured login.
     */
    static Database start(LocalSettings settings) throws IOException {
        String external = settings.externalDatabaseUrlPrefix();
        Database database = external != null
                ? new Database(external, adminLogin(settings), null, null, null)
                : startEmbedded(settings);
        try {
            database.prepareDatabases();
        }
        catch (RuntimeException ex) {
            database.close();
            throw ex;
        }
        return database;
    }

    /** Returns the JDBC URL prefix of the server the tools talk to: the external one, or the embedded one's address. */
    static String urlPrefix(LocalSettings settings) {
        String external = settings.externalDatabaseUrlPrefix();
        return external != null ? external
                : "jdbc:postgresql://" + LocalSettings.LOOPBACK + ":" + settings.postgresPort() + "/";
    }

    /** Returns the login of the launcher's own tools: the embedded server's superuser, or the external login. */
    static Login adminLogin(LocalSettings settings) {
        return settings.externalDatabaseUrlPrefix() != null
                ? new Login(settings.externalDatabaseUsername(), settings.externalDatabasePassword())
                : DatabaseRoles.loadOrCreate(settings.stateDir()).superuser();
    }

    private static Database startEmbedded(LocalSettings settings) throws IOException {
        Path logFile = settings.logsDir().resolve("postgres.log");
        Files.createDirectories(settings.logsDir());
        Path workDir = Files.createDirectories(settings.stateDir().resolve("pg-work"));
        DatabaseRoles roles = DatabaseRoles.loadOrCreate(settings.stateDir());
        Login superuser = roles.superuser();
        // initdb reads the superuser's password from a file, and password authentication replaces zonky's "trust"
        Path passwordFile = workDir.resolve("initdb-password");
        GeneratedPasswords.writeOwnerOnly(passwordFile, superuser.password() + "\n");
        int port = settings.postgresPort();
        EmbeddedPostgres server;
        try {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(settings.stateDir().resolve("postgres"))
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(workDir.toFile())
                    .setPort(port)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // zonky passes these to initdb after its own "-A trust"; the later options win
                    .setLocaleConfig("auth-host", "scram-sha-256")
                    .setLocaleConfig("auth-local", "scram-sha-256")
                    .setLocaleConfig("pwfile", passwordFile.toString())
                    .setConnectConfig("password", superuser.password())
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
        }
        finally {
            Files.deleteIfExists(passwordFile);
        }
        Path dataDir = settings.stateDir().resolve("postgres");
        Database database = new Database(urlPrefix(settings), superuser, roles, server,
                dataDir.resolve("postmaster.pid"));
        database.requirePasswords(dataDir.resolve("pg_hba.conf"));
        return database;
    }

    /**
     * Replaces "trust" in a data folder made by an older launcher with password authentication. Runs after the
     * superuser's password is set, so that the launcher can still log in after the reload.
     */
    private void requirePasswords(Path hbaFile) throws IOException {
        List<String> lines = Files.readAllLines(hbaFile, StandardCharsets.UTF_8);
        List<String> secured = lines.stream()
                .map(line -> line.startsWith("#") ? line : line.replaceAll("\\btrust\\s*$", "scram-sha-256"))
                .toList();
        if (secured.equals(lines)) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), admin.username(),
                admin.password());
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER ROLE " + DatabaseRoles.SUPERUSER + " PASSWORD '" + admin.password() + "'");
            Files.write(hbaFile, secured, StandardCharsets.UTF_8);
            statement.execute("SELECT pg_reload_conf()");
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not switch PostgreSQL at " + urlPrefix + " to passwords", ex);
        }
    }

    /** Returns the JDBC URL of {@code database}. */
    String jdbcUrl(String database) {
        return urlPrefix + database;
    }

    /** Returns the login of the launcher's own tools (the auditor, the fault suite). */
    Login admin() {
        return admin;
    }

    /** Returns the login that the service of {@code database} runs as: it may read and write rows only. */
    Login runtimeLogin(String database) {
        return roles == null ? admin : roles.runtime(database);
    }

    /** Returns the login that owns {@code database}'s schema: the service's migrations run as it. */
    Login migrationLogin(String database) {
        return roles == null ? admin : roles.migration(database);
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

    private void prepareDatabases() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), admin.username(),
                admin.password());
             Statement statement = connection.createStatement()) {
            if (roles != null) {
                roles.apply(connection, name -> DriverManager.getConnection(jdbcUrl(name), admin.username(),
                        admin.password()));
                return;
            }
            for (String name : LocalSettings.DATABASES) {
                try (ResultSet found = statement.executeQuery(
                        "SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                    if (!found.next()) {
                        statement.execute("CREATE DATABASE " + name);
                    }
                }
            }
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not prepare the databases " + LocalSettings.DATABASES + " at "
                    + urlPrefix + " as " + admin.username(), ex);
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

    /** Names a PostgreSQL role and its password. */
    record Login(String username, String password) {

        @Override
        public String toString() {
            return username;
        }
    }

    /** Waits until a process that is not this JVM's child has exited, or fails after {@code timeout}. */
    static void awaitGone(ProcessHandle process, Duration timeout) throws InterruptedException {
        if (!ChildProcess.awaitGone(process, timeout)) {
            throw new IllegalStateException(
                    "process " + process.pid() + " still runs after " + timeout.toSeconds() + " s");
        }
    }
}
