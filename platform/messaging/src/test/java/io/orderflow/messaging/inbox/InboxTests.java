package io.orderflow.messaging.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.orderflow.messaging.MessagingDatabase;

class InboxTests {

    private HikariDataSource dataSource;
    private JdbcTemplate jdbc;
    private Inbox inbox;
    private TransactionTemplate transactions;

    @BeforeEach
    void createInbox() {
        dataSource = MessagingDatabase.create();
        jdbc = new JdbcTemplate(dataSource);
        inbox = new Inbox(jdbc);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @AfterEach
    void closeDatabase() {
        dataSource.close();
    }

    @Test
    void returnsOnlyTheEventsAConsumerHasNotProcessedBefore() {
        UUID seen = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        transactions.executeWithoutResult(status -> inbox.firstDeliveries("inventory", List.of(seen)));

        Set<UUID> first = transactions.execute(status -> inbox.firstDeliveries("inventory", List.of(seen, fresh)));

        assertThat(first).containsExactly(fresh);
        assertThat(firstDelivery("inventory", seen)).isFalse();
    }

    @Test
    void remembersEachConsumersEventsApart() {
        UUID event = UUID.randomUUID();

        assertThat(firstDelivery("inventory", event)).isTrue();
        assertThat(firstDelivery("notifications", event)).isTrue();
        assertThat(firstDelivery("inventory", event)).isFalse();
    }

    @Test
    void forgetsWhatItRecordedWhenTheTransactionOfTheEffectsRollsBack() {
        UUID event = UUID.randomUUID();

        transactions.executeWithoutResult(status -> {
            inbox.firstDelivery("inventory", event);
            status.setRollbackOnly();
        });

        assertThat(firstDelivery("inventory", event)).isTrue();
    }

    @Test
    void refusesToRecordOutsideTheTransactionOfTheEffects() {
        assertThatThrownBy(() -> inbox.firstDeliveries("inventory", List.of(UUID.randomUUID())))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void purgesOnlyEventsOlderThanTheRetention() {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        transactions.executeWithoutResult(status -> inbox.firstDeliveries("inventory", List.of(old, recent)));
        jdbc.update("UPDATE inbox_event SET processed_at = now() - interval '8 days' WHERE event_id = ?", old);

        assertThat(inbox.purgeOlderThanDays(7)).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT event_id FROM inbox_event", UUID.class)).containsExactly(recent);
    }

    private boolean firstDelivery(String consumer, UUID event) {
        Boolean first = transactions.execute(status -> inbox.firstDelivery(consumer, event));
        return Boolean.TRUE.equals(first);
    }
}
