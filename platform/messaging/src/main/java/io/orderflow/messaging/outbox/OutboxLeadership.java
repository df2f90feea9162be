package io.orderflow.messaging.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one relay per database the leader: the one that holds a session-level PostgreSQL advisory lock on its own
 * connection. The leader keeps the lock, and the connection, until it resigns; the connection runs in autocommit mode
 * and does not wait for its commits to reach the disk ({@code synchronous_commit = off}).
 */
final class OutboxLeadership {

    private static final Logger log = LoggerFactory.getLogger(OutboxLeadership.class);
    private static final long ADVISORY_LOCK = 0x6f726465_72666c6fL; // "orderflo"

    private final DataSource dataSource;
    private Connection leaderConnection;

    OutboxLeadership(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Returns the leader's connection if this instance is or becomes the leader, null if another instance is. */
    Connection lead() throws SQLException {
        if (leaderConnection != null) {
            return leaderConnection;
        }
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                statement.setLong(1, ADVISORY_LOCK);
                try (ResultSet rs = statement.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        try (Statement settings = connection.createStatement()) {
                            settings.execute("SET synchronous_commit = off");
                        }
                        leaderConnection = connection;
                        log.info("This instance now publishes the outbox");
                        return connection;
                    }
                }
            }
        }
        catch (SQLException | RuntimeException ex) {
            connection.close();
            throw ex;
        }
        connection.close();
        return null;
    }

    /** Gives up leadership: unlocks and returns the connection, or discards it if it does not answer. */
    void resign() {
        Connection connection = leaderConnection;
        leaderConnection = null;
        if (connection == null) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)");
                Statement settings = connection.createStatement()) {
            statement.setLong(1, ADVISORY_LOCK);
            statement.execute();
            settings.execute("RESET synchronous_commit");
            connection.close();
        }
        catch (SQLException | RuntimeException ex) {
            // a broken connection must not go back to the pool with the lock: closing its session releases it
            try {
                connection.abort(Runnable::run);
            }
            catch (SQLException | RuntimeException ignored) {
                // the connection is gone either way
            }
        }
    }
}
