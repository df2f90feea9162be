package io.orderflow.localrun;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Gives each service's database in the embedded PostgreSQL two roles of its own: a migration role that owns the
 * database and its schema (Flyway runs as it), and a runtime role that may only read and write rows. No role may
 * connect to another service's database. The passwords, the superuser's too, are generated on the first run and kept
 * in {@code <state>/postgres-passwords.properties}, readable by its owner only.
 */
final class DatabaseRoles {

    static final String SUPERUSER = "postgres";

    /** The runtime role of each database; its migration role has the same name with {@code _migrator} after it. */
    private static final Map<String, String> RUNTIME_ROLES = Map.of(
            "orders", "order_service",
            "inventory", "inventory_service",
            "notifications", "notification_service");

    private final GeneratedPasswords passwords;

    private DatabaseRoles(GeneratedPasswords passwords) {
        this.passwords = passwords;
    }

    /** Reads the passwords of {@code stateDir}, generating and saving those that are missing. */
    static DatabaseRoles loadOrCreate(Path stateDir) {
        return new DatabaseRoles(GeneratedPasswords.loadOrCreate(stateDir.resolve("postgres-passwords.properties"),
                allRoles(), "Passwords of the local run's PostgreSQL roles (generated; keep private)"));
    }

    /** Returns the superuser's login: the launcher's own tools (the auditor, the fault suite) use it. */
    Database.Login superuser() {
        return login(SUPERUSER);
    }

    /** Returns the login of the role that {@code database}'s service runs as: rows only. */
    Database.Login runtime(String database) {
        return login(runtimeRole(database));
    }

    /** Returns the login of the role that owns {@code database}'s schema, which its migrations run as. */
    Database.Login migration(String database) {
        return login(migrationRole(database));
    }

    /**
     * Creates the roles and databases that are missing and sets every grant, as the superuser on {@code admin}; runs
     * on every start, so that a data folder made by an older launcher (every table owned by the superuser) is brought
     * to the same state.
     */
    void apply(Connection admin, ConnectionFactory databaseConnections) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            for (String database : RUNTIME_ROLES.keySet()) {
                String owner = migrationRole(database);
                String runtime = runtimeRole(database);
                for (String role : List.of(owner, runtime)) {
                    if (!exists(statement, "SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'")) {
                        statement.execute("CREATE ROLE " + role + " LOGIN");
                    }
                    statement.execute("ALTER ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '"
                            + passwords.of(role) + "'");
                }
                if (!exists(statement, "SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                    statement.execute("CREATE DATABASE " + database + " OWNER " + owner);
                }
                statement.execute("ALTER DATABASE " + database + " OWNER TO " + owner);
                statement.execute("REVOKE ALL ON DATABASE " + database + " FROM PUBLIC");
                statement.execute("GRANT CONNECT ON DATABASE " + database + " TO " + runtime);
            }
        }
        for (String database : RUNTIME_ROLES.keySet()) {
            try (Connection connection = databaseConnections.open(database);
                 Statement statement = connection.createStatement()) {
                grantRowsOnly(statement, migrationRole(database), runtimeRole(database));
            }
        }
    }

    private static void grantRowsOnly(Statement statement, String owner, String runtime) throws SQLException {
        // tables that an older launcher's migrations made as the superuser
        statement.execute("""
                DO $$
                DECLARE object record;
                BEGIN
                  FOR object IN SELECT c.relname, c.relkind FROM pg_class c
                      JOIN pg_namespace n ON n.oid = c.relnamespace
                      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v')
                        AND pg_get_userbyid(c.relowner) = '%1$s'
                  LOOP
                    EXECUTE format(CASE object.relkind WHEN 'S' THEN 'ALTER SEQUENCE %%I OWNER TO %2$s'
                                                       WHEN 'v' THEN 'ALTER VIEW %%I OWNER TO %2$s'
                                                       ELSE 'ALTER TABLE %%I OWNER TO %2$s' END, object.relname);
                  END LOOP;
                END $$""".formatted(SUPERUSER, owner));
        statement.execute("ALTER SCHEMA public OWNER TO " + owner);
        statement.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC");
        statement.execute("GRANT USAGE ON SCHEMA public TO " + runtime);
        statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + runtime);
        statement.execute("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO " + runtime);
        statement.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + owner + " IN SCHEMA public"
                + " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + runtime);
        statement.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + owner + " IN SCHEMA public"
                + " GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO " + runtime);
    }

    private static boolean exists(Statement statement, String query) throws SQLException {
        try (ResultSet found = statement.executeQuery(query)) {
            return found.next();
        }
    }

    private Database.Login login(String role) {
        return new Database.Login(role, passwords.of(role));
    }

    private static String runtimeRole(String database) {
        String role = RUNTIME_ROLES.get(database);
        if (role == null) {
            throw new IllegalArgumentException("No service owns a database called " + database);
        }
        return role;
    }

    private static String migrationRole(String database) {
        return runtimeRole(database) + "_migrator";
    }

    private static List<String> allRoles() {
        return Stream.concat(Stream.of(SUPERUSER), RUNTIME_ROLES.keySet().stream()
                .flatMap(database -> Stream.of(runtimeRole(database), migrationRole(database))))
                .toList();
    }

    /** Opens a superuser connection to one database. */
    @FunctionalInterface
    interface ConnectionFactory {
        Connection open(String database) throws SQLException;
    }
}
