package io.orderflow.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the local run's embedded PostgreSQL as {@code ./orderflow run} does and checks what each role may do: the
 * tables are made by inventory-service's migration role, as its Flyway migrations make them.
 */
class DatabaseRolesTests {

    private static final String PERMISSION_DENIED = "42501";
    private static final String WRONG_PASSWORD = "28P01";

    @TempDir
    static Path root;

    private static Database database;

    @BeforeAll
    static void startPostgresAndMigrateInventory() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        LocalSettings settings = new LocalSettings(root, root.resolve(".orderflow"),
                Map.of("ORDERFLOW_POSTGRES_PORT", Integer.toString(port)));
        database = Database.start(settings);
        try (Connection migrator = connect("inventory", database.migrationLogin("inventory"));
             Statement statement = migrator.createStatement()) {
            statement.execute("CREATE TABLE product (sku text PRIMARY KEY, available int NOT NULL)");
            statement.execute("CREATE SEQUENCE adjustment_no");
        }
    }

    @AfterAll
    static void stopPostgres() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void theRuntimeRoleReadsAndWritesRows() throws SQLException {
        try (Connection runtime = connect("inventory", database.runtimeLogin("inventory"));
             Statement statement = runtime.createStatement()) {
            statement.execute("INSERT INTO product VALUES ('MUG', 5)");
            statement.execute("UPDATE product SET available = 4 WHERE sku = 'MUG'");
            statement.execute("SELECT nextval('adjustment_no')");
            statement.execute("DELETE FROM product WHERE sku = 'MUG'");
        }
    }

    @Test
    void theRuntimeRoleCannotDropAlterOrTruncateItsTablesNorCreateOnes() throws SQLException {
        try (Connection runtime = connect("inventory", database.runtimeLogin("inventory"));
             Statement statement = runtime.createStatement()) {
            for (String ddl : new String[] {"DROP TABLE product", "ALTER TABLE product ADD COLUMN note text",
                    "TRUNCATE product", "CREATE TABLE stolen (x int)", "ALTER SEQUENCE adjustment_no RESTART"}) {
                assertThatExceptionOfType(SQLException.class).as(ddl).isThrownBy(() -> statement.execute(ddl))
                        .satisfies(refused -> assertThat(refused.getSQLState()).isEqualTo(PERMISSION_DENIED));
            }
        }
    }

    @Test
    void noRoleOfInventoryServiceCanConnectToTheOrdersDatabase() {
        for (Database.Login login : new Database.Login[] {database.runtimeLogin("inventory"),
                database.migrationLogin("inventory")}) {
            assertThatExceptionOfType(SQLException.class).as(login.username())
                    .isThrownBy(() -> connect("orders", login).close())
                    .satisfies(refused -> assertThat(refused.getSQLState()).isEqualTo(PERMISSION_DENIED));
        }
    }

    @Test
    void everyRoleNeedsItsPasswordTheSuperuserToo() {
        for (Database.Login login : new Database.Login[] {database.admin(), database.runtimeLogin("orders")}) {
            assertThatExceptionOfType(SQLException.class).as(login.username())
                    .isThrownBy(() -> connect("orders", new Database.Login(login.username(), "guess")).close())
                    .satisfies(refused -> assertThat(refused.getSQLState()).isEqualTo(WRONG_PASSWORD));
        }
    }

    @Test
    void keepsTheGeneratedPasswordsReadableByTheirOwnerOnly() throws IOException {
        Path passwords = root.resolve(".orderflow/postgres-passwords.properties");

        assertThat(Files.getPosixFilePermissions(passwords))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(passwords)).contains("inventory_service=" + database.runtimeLogin("inventory")
                .password());
    }

    @Test
    void bringsADataFolderThatAnOlderLauncherMadeWithTrustToPasswordsAndServiceRoles(@TempDir Path oldRoot)
            throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // what the launcher did before: zonky's defaults (trust), tables owned by the superuser
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(oldRoot.resolve(".orderflow/postgres"))
                .setCleanDataDirectory(false).setPort(port).start();
             Connection superuser = old.getPostgresDatabase().getConnection();
             Statement statement = superuser.createStatement()) {
            statement.execute("CREATE DATABASE inventory");
            try (Connection inventory = old.getDatabase("postgres", "inventory").getConnection();
                 Statement create = inventory.createStatement()) {
                create.execute("CREATE TABLE product (sku text PRIMARY KEY)");
            }
        }
        LocalSettings settings = new LocalSettings(oldRoot, oldRoot.resolve(".orderflow"),
                Map.of("ORDERFLOW_POSTGRES_PORT", Integer.toString(port)));
        try (Database upgraded = Database.start(settings)) {
            assertThat(Files.readString(oldRoot.resolve(".orderflow/postgres/pg_hba.conf")).lines()
                    .filter(line -> !line.startsWith("#"))).noneMatch(line -> line.contains("trust"));
            Database.Login runtime = upgraded.runtimeLogin("inventory");
            try (Connection connection = DriverManager.getConnection(upgraded.jdbcUrl("inventory"),
                    runtime.username(), runtime.password());
                 Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO product VALUES ('MUG')");
                assertThatExceptionOfType(SQLException.class).isThrownBy(() -> statement.execute("DROP TABLE product"))
                        .satisfies(refused -> assertThat(refused.getSQLState()).isEqualTo(PERMISSION_DENIED));
            }
            assertThatExceptionOfType(SQLException.class).isThrownBy(() -> DriverManager.getConnection(
                    upgraded.jdbcUrl("inventory"), "postgres", "").close());
        }
    }

    private static Connection connect(String name, Database.Login login) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(name), login.username(), login.password());
    }
}
