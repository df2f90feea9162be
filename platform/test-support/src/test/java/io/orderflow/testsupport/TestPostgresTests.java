package io.orderflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

class TestPostgresTests {

    private final TestPostgres postgres = TestInfrastructure.postgres();

    @Test
    void createsAFreshEmptyDatabaseEachTimeNamedAfterThePrefix() throws Exception {
        String first = postgres.createDatabase("Order Service");
        String second = postgres.createDatabase("Order Service");

        assertThat(first).isNotEqualTo(second).contains("/order_service_");
        try (Connection connection = DriverManager.getConnection(first, postgres.username(), postgres.password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id INT PRIMARY KEY)");
            statement.execute("INSERT INTO orders VALUES (1)");
        }
        try (Connection connection = DriverManager.getConnection(second, postgres.username(), postgres.password());
                Statement statement = connection.createStatement();
                ResultSet tables = statement.executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'orders'")) {
            tables.next();
            assertThat(tables.getInt(1)).isZero();
        }
    }
}
