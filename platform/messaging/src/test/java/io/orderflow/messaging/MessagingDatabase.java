package io.orderflow.messaging;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.orderflow.testsupport.TestInfrastructure;
import io.orderflow.testsupport.TestPostgres;

/**
 * Gives each test of a class without a Spring context a new database on the test PostgreSQL with the plumbing's
 * tables. The class registers it with {@code @RegisterExtension final MessagingDatabase database = new
 * MessagingDatabase();}: JUnit makes a test instance per test, so each test finds its own database from the instance's
 * field initializers on, and the database is closed after the test's {@code @AfterEach} methods.
 */
public final class MessagingDatabase implements AfterEachCallback {

    private final HikariDataSource dataSource = new HikariDataSource();
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final TransactionTemplate transactions =
            new TransactionTemplate(new DataSourceTransactionManager(dataSource));

    /** Creates the database and its tables. */
    public MessagingDatabase() {
        TestPostgres postgres = TestInfrastructure.postgres();
        dataSource.setJdbcUrl(postgres.createDatabase("messaging"));
        dataSource.setUsername(postgres.username());
        dataSource.setPassword(postgres.password());
        dataSource.setMaximumPoolSize(10);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        dataSource.close();
    }

    /** Returns the pooled data source of the database. */
    public HikariDataSource dataSource() {
        return dataSource;
    }

    /** Returns a JdbcTemplate on the database. */
    public JdbcTemplate jdbc() {
        return jdbc;
    }

    /** Returns a TransactionTemplate on the database. */
    public TransactionTemplate transactions() {
        return transactions;
    }
}
