package io.orderflow.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.orderflow.messaging.inbound.InboundEventDispatcher;
import io.orderflow.messaging.inbound.PersistenceContextReset;
import io.orderflow.messaging.inbox.Inbox;
import io.orderflow.messaging.kafka.KafkaHealthIndicator;
import io.orderflow.messaging.ops.MessagingEndpoint;
import io.orderflow.messaging.outbox.JdbcOutbox;
import io.orderflow.messaging.outbox.Outbox;
import io.orderflow.messaging.outbox.OutboxRelay;
import io.orderflow.messaging.outbox.OutgoingEvent;
import io.orderflow.testsupport.TestInfrastructure;
import io.orderflow.testsupport.TestPostgres;

/** Starts the plumbing as a service gets it, on the test broker and a fresh database of the test PostgreSQL. */
class MessagingAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(context -> new MessagingDefaultsPostProcessor()
                    .postProcessEnvironment(context.getEnvironment(), new SpringApplication()))
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
                    FlywayAutoConfiguration.class, JacksonAutoConfiguration.class, KafkaAutoConfiguration.class,
                    MessagingAutoConfiguration.class))
            .withPropertyValues(infrastructure());

    @Test
    void givesAServiceItsOutboxRelayInboxDispatcherErrorHandlerHealthAndEndpoint() {
        runner.withPropertyValues("orderflow.messaging.outbox.enabled=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(OutboxRelay.class).hasSingleBean(Inbox.class)
                    .hasSingleBean(InboundEventDispatcher.class).hasSingleBean(MessagingEndpoint.class)
                    .hasSingleBean(KafkaHealthIndicator.class).doesNotHaveBean(PersistenceContextReset.class);
            assertThat(context.getBean(Outbox.class)).isInstanceOf(JdbcOutbox.class);
            assertThat(context.getBean(CommonErrorHandler.class)).isInstanceOf(DefaultErrorHandler.class);
            assertThat(context.getBean(OutboxRelay.class).isRunning()).isTrue();
        });
    }

    @Test
    void declaresEachTopicOfTheServiceWithItsDeadLetterTopic() {
        String orders = "orders-" + UUID.randomUUID();
        String stock = "stock-" + UUID.randomUUID();
        runner.withPropertyValues("orderflow.messaging.topics=" + orders + "," + stock,
                "orderflow.messaging.partitions=3").run(context -> {
                    assertThat(context).hasNotFailed();
                    try (AdminClient admin = AdminClient.create(context.getBean(KafkaAdmin.class)
                            .getConfigurationProperties())) {
                        Map<String, TopicDescription> topics = admin.describeTopics(List.of(orders,
                                orders + ".DLT", stock, stock + ".DLT")).allTopicNames().get();

                        assertThat(topics).hasSize(4).allSatisfy((name, topic) ->
                                assertThat(topic.partitions()).hasSize(3));
                    }
                });
    }

    @Test
    void writesOutboxEventsWithTheServicesNameAsTheirSource() {
        runner.withPropertyValues("spring.application.name=order-service").run(context -> {
            context.getBean(OutboxRelay.class).pause();
            Outbox outbox = context.getBean(Outbox.class);
            new TransactionTemplate(context.getBean(PlatformTransactionManager.class)).executeWithoutResult(status ->
                    outbox.add(new OutgoingEvent("order-events", "io.orderflow.OrderPlaced", "order-1",
                            Map.of("orderId", "order-1"))));

            assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT event_source FROM outbox_event",
                    String.class)).isEqualTo("/order-service");
        });
    }

    @Test
    void aServiceThatPublishesNothingRunsNoRelayAndHasNoOutbox() {
        runner.withPropertyValues("orderflow.messaging.outbox.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(OutboxRelay.class).doesNotHaveBean(Outbox.class)
                    .hasSingleBean(InboundEventDispatcher.class);
            assertThat(context.getBean(MessagingEndpoint.class).state()).containsEntry("relay", "none");
        });
    }

    private static String[] infrastructure() {
        TestPostgres postgres = TestInfrastructure.postgres();
        return new String[] {
                "spring.datasource.url=" + postgres.createDatabase("autoconfiguration"),
                "spring.datasource.username=" + postgres.username(),
                "spring.datasource.password=" + postgres.password(),
                "spring.kafka.bootstrap-servers=" + TestInfrastructure.kafka().bootstrapServers() };
    }
}
