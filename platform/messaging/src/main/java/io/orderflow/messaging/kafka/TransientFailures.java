package io.orderflow.messaging.kafka;

import java.net.ConnectException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Tells failures that go away by themselves (database down, lock conflicts, timeouts) from those that do not. */
public final class TransientFailures {

    private TransientFailures() {
    }

    /** Tells whether {@code failure}, or any of its causes, is worth retrying until it succeeds. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransientDataAccessException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof CannotGetJdbcConnectionException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof TransactionSystemException
                    || cause instanceof SQLTransientException
                    || cause instanceof SQLRecoverableException
                    || cause instanceof RetriableException
                    || cause instanceof TimeoutException
                    || cause instanceof ConnectException
                    || isTransientSqlState(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    // 08: connection exception, 40: serialization failure or deadlock, 53: insufficient resources,
    // 57P: operator intervention (server shutting down)
    private static boolean isTransientSqlState(Throwable cause) {
        if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            return state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                    || state.startsWith("57P");
        }
        return false;
    }
}
