package io.orderflow.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import io.orderflow.messaging.MessagingDatabase;

class OutboxLeadershipTests {

    private HikariDataSource dataSource;
    private OutboxLeadership first;
    private OutboxLeadership second;

    @BeforeEach
    void createDatabase() {
        dataSource = MessagingDatabase.create();
        first = new OutboxLeadership(dataSource);
        second = new OutboxLeadership(dataSource);
    }

    @AfterEach
    void closeDatabase() {
        first.resign();
        second.resign();
        dataSource.close();
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
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String advisoryLocks = """
                SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'
                    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""";
        first.lead();
        assertThat(jdbc.queryForObject(advisoryLocks, Long.class)).isEqualTo(1);

        first.resign();

        assertThat(jdbc.queryForObject(advisoryLocks, Long.class)).isZero();
    }
}
