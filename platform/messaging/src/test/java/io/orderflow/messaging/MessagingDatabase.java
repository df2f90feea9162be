package io.orderflow.messaging;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import io.orderflow.testsupport.TestInfrastructure;
import io.orderflow.testsupport.TestPostgres;

/** Creates a fresh database on the test PostgreSQL with the plumbing's tables, for tests without a Spring context. */
public final class MessagingDatabase {

    private MessagingDatabase() {
    }

    /** Returns a pooled data source on a new database that has the outbox and inbox tables. */
    public static HikariDataSource create() {
        TestPostgres postgres = TestInfrastructure.postgres();
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.createDatabase("messaging"));
        dataSource.setUsername(postgres.username());
        dataSource.setPassword(postgres.password());
        dataSource.setMaximumPoolSize(10);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }
}
