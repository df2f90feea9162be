package io.orderflow.order.order;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Holds the order intake's writer inside its transaction: a table lock makes its next insert into customer_order wait
 * until {@link #close()}, so that the requests sent meanwhile queue up and are written as one group.
 */
public final class HeldOrderWriter implements AutoCloseable {

    private final Connection connection;
    private final JdbcTemplate jdbc;

    private HeldOrderWriter(Connection connection, JdbcTemplate jdbc) {
        this.connection = connection;
        this.jdbc = jdbc;
    }

    /** Locks customer_order against inserts; the writer's next group then waits. */
    public static HeldOrderWriter hold(DataSource dataSource) throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LOCK TABLE customer_order IN SHARE MODE");
        }
        return new HeldOrderWriter(connection, new JdbcTemplate(dataSource));
    }

    /** Waits until the writer is blocked on the lock with a group in hand. */
    public void awaitWriterBlocked() {
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("""
                SELECT count(*) FROM pg_stat_activity
                WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO customer_order%'""", Long.class) > 0);
    }

    /** Releases the lock and lets the writer go on. */
    @Override
    public void close() throws SQLException {
        connection.rollback();
        connection.close();
    }
}
