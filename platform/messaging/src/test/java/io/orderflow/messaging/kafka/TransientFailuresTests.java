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
        assertThat(TransientFailures.isTransient(new CannotCreateTransactionException("no connection"))).isTrue();
        assertThat(TransientFailures.isTransient(new CannotAcquireLockException("lock wait"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLTransientConnectionException("pool empty"))).isTrue();
    }

    @Test
    void recognisesTransientSqlStatesOfConnectionsConflictsResourcesAndShutdowns() {
        assertThat(TransientFailures.isTransient(new SQLException("connection lost", "08006"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("serialization failure", "40001"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("too many connections", "53300"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("shutting down", "57P01"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("unique violation", "23505"))).isFalse();
        assertThat(TransientFailures.isTransient(new SQLException("no state"))).isFalse();
    }

    @Test
    void aBrokerThatIsAwayOrSlowIsTransient() {
        assertThat(TransientFailures.isTransient(new NotLeaderOrFollowerException("moving"))).isTrue();
        assertThat(TransientFailures.isTransient(new TimeoutException("slow"))).isTrue();
        assertThat(TransientFailures.isTransient(new ConnectException("refused"))).isTrue();
    }

    @Test
    void findsATransientCauseWrappedDeepInside() {
        RuntimeException wrapped = new IllegalStateException("handler failed",
                new RuntimeException("in between", new SQLException("connection lost", "08003")));

        assertThat(TransientFailures.isTransient(wrapped)).isTrue();
    }

    @Test
    void aBugABrokenRuleOrARecordKafkaRefusesIsNotTransient() {
        assertThat(TransientFailures.isTransient(new IllegalStateException("a bug"))).isFalse();
        assertThat(TransientFailures.isTransient(new DataIntegrityViolationException("duplicate"))).isFalse();
        assertThat(TransientFailures.isTransient(new RecordTooLargeException("too large"))).isFalse();
        assertThat(TransientFailures.isTransient(null)).isFalse();
    }
}
