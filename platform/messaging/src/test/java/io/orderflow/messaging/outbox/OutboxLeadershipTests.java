package io.orderflow.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import io.orderflow.messaging.MessagingDatabase;

class OutboxLeadershipTests {

    @RegisterExtension
    final MessagingDatabase database = new MessagingDatabase();

    private final OutboxLeadership first = new OutboxLeadership(database.dataSource());
    private final OutboxLeadership second = new OutboxLeadership(database.dataSource());

    @AfterEach
    void resign() {
        first.resign();
        second.resign();
    }

    @Test
    void makesOneInstanceTheLeaderUntilItResigns() throws Exception {
        Connection leader = first.lead();

        assertThat(leader).isNotNull();
        assertThat(first.lead()).isSameAs(leader);
        assertThat(second.lead()).isNull();

        first.resign();
        assertThat(second.lead()).isNotNull();
        assertThat(first.lead()).isNull();
    }

    @Test
    void theLeadersConnectionCommitsEachStatementWithoutWaitingForTheDisk() throws Exception {
        Connection leader = first.lead();

        assertThat(leader.getAutoCommit()).isTrue();
        try (var statement = leader.createStatement(); var rs = statement.executeQuery(
                "SELECT setting, source FROM pg_settings WHERE name = 'synchronous_commit'")) {
            rs.next();
            assertThat(rs.getString("setting")).isEqualTo("off");
            assertThat(rs.getString("source")).isEqualTo("session");
        }
    }

    @Test
    void releasesTheLockWhenItResigns() throws Exception {
        JdbcTemplate jdbc = database.jdbc();
        String advisoryLocks = """
                SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'
                    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""";
        first.lead();
        assertThat(jdbc.queryForObject(advisoryLocks, Long.class)).isEqualTo(1);

        first.resign();

        assertThat(jdbc.queryForObject(advisoryLocks, Long.class)).isZero();
    }
}
