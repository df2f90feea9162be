package io.orderflow.inventory.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import io.orderflow.inventory.InventoryServiceTest;

/** A database that cannot be reached is a temporary condition: the client is told to come back, soon. */
@InventoryServiceTest
class DatabaseOutageTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    HikariDataSource dataSource;

    @Test
    void answers503WithRetryAfterWithinSecondsWhileTheDatabaseRefusesConnections() throws Exception {
        String database = dataSource.getJdbcUrl().substring(dataSource.getJdbcUrl().lastIndexOf('/') + 1);
        long startedAt;
        MvcTestResult result;
        allowConnections(database, false);
        try {
            dataSource.getHikariPoolMXBean().softEvictConnections();
            startedAt = System.nanoTime();
            result = mvc.get().uri("/api/products/{sku}", "ANY-SKU").exchange();
        }
        finally {
            allowConnections(database, true);
        }
        Duration answeredIn = Duration.ofNanos(System.nanoTime() - startedAt);

        assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .hasHeader("Retry-After", "1");
        assertThat(result).bodyJson().extractingPath("$.type")
                .isEqualTo("https://orderflow.io/problems/temporarily-unavailable");
        assertThat(answeredIn).isLessThan(Duration.ofSeconds(10));
    }

    private void allowConnections(String database, boolean allowed) throws SQLException {
        String adminUrl = dataSource.getJdbcUrl().substring(0, dataSource.getJdbcUrl().lastIndexOf('/') + 1)
                + "postgres";
        try (Connection admin = DriverManager.getConnection(adminUrl, dataSource.getUsername(),
                dataSource.getPassword());
             Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS " + allowed);
            if (!allowed) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                        + database + "' AND pid <> pg_backend_pid()");
            }
        }
    }
}
