package io.orderflow.messaging.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;

class TransientFailuresTests {

    @Test
    void aDatabaseThatIsAwayOrBusyIsTransient() {
        assertTransient(new CannotCreateTransactionException("no connection"),
                new CannotAcquireLockException("lock wait"), new SQLTransientConnectionException("pool empty"));
    }

    @Test
    void recognisesTransientSqlStatesOfConnectionsConflictsResourcesAndShutdowns() {
        assertTransient(new SQLException("connection lost", "08006"),
                new SQLException("serialization failure", "40001"), new SQLException("too many connections", "53300"),
                new SQLException("shutting down", "57P01"));
        assertNotTransient(new SQLException("unique violation", "23505"), new SQLException("no state"));
    }

    @Test
    void aBrokerThatIsAwayOrSlowIsTransient() {
        assertTransient(new NotLeaderOrFollowerException("moving"), new TimeoutException("slow"),
                new ConnectException("refused"));
    }

    @Test
    void findsATransientCauseWrappedDeepInside() {
        RuntimeException wrapped = new IllegalStateException("handler failed",
                new RuntimeException("in between", new SQLException("connection lost", "08003")));

        assertTransient(wrapped);
    }

    @Test
    void aBugABrokenRuleOrARecordKafkaRefusesIsNotTransient() {
        assertNotTransient(new IllegalStateException("a bug"), new DataIntegrityViolationException("duplicate"),
                new RecordTooLargeException("too large"));
        assertThat(TransientFailures.isTransient(null)).isFalse();
    }

    private static void assertTransient(Throwable... failures) {
        assertThat(failures).allSatisfy(failure -> assertThat(TransientFailures.isTransient(failure))
                .as("%s is transient", failure).isTrue());
    }

    private static void assertNotTransient(Throwable... failures) {
        assertThat(failures).allSatisfy(failure -> assertThat(TransientFailures.isTransient(failure))
                .as("%s is not transient", failure).isFalse());
    }
}
