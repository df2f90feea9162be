package io.orderflow.messaging;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import io.orderflow.messaging.inbound.InboundEventDispatcher;
import io.orderflow.messaging.inbound.ListenerErrorHandlerFactory;
import io.orderflow.messaging.inbound.PersistenceContextReset;
import io.orderflow.messaging.inbox.Inbox;
import io.orderflow.messaging.kafka.DeadLetterTopics;
import io.orderflow.messaging.kafka.KafkaHealthIndicator;
import io.orderflow.messaging.outbox.JdbcOutbox;
import io.orderflow.messaging.outbox.Outbox;
import io.orderflow.messaging.outbox.OutboxRelay;
import io.orderflow.messaging.ops.MessagingEndpoint;
import io.orderflow.metrics.ThrottledReading;

/** Sets up the outbox, its relay, the inbox, the listeners' error handling and the service's topics. */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration" })
@EnableConfigurationProperties(MessagingProperties.class)
public class MessagingAutoConfiguration {

    @Bean
    @ConditionalOnProperty(name = "orderflow.messaging.outbox.enabled", matchIfMissing = true)
    OutboxRelay outboxRelay(DataSource dataSource, KafkaTemplate<String, byte[]> kafka, MessagingProperties properties,
            ObjectProvider<MeterRegistry> meters) {
        MessagingProperties.Relay relay = properties.relay();
        OutboxRelay outboxRelay = new OutboxRelay(dataSource, kafka, relay.batchSize(), relay.pollInterval(),
                relay.linger(), relay.sendTimeout(), relay.maxAttempts());
        meters.ifAvailable(registry -> {
            // each is a query: read at most every few seconds, however often the metrics are scraped
            Gauge.builder("orderflow.outbox.pending", ThrottledReading.of(outboxRelay::pendingCount),
                            ThrottledReading::value)
                    .strongReference(true)
                    .description("Events written to the outbox and not yet acknowledged by Kafka")
                    .register(registry);
            Gauge.builder("orderflow.outbox.oldest.age", ThrottledReading.of(outboxRelay::oldestAgeSeconds),
                            ThrottledReading::value)
                    .strongReference(true)
                    .description("Age of the oldest event waiting in the outbox")
                    .baseUnit("seconds")
                    .register(registry);
            Gauge.builder("orderflow.outbox.parked", ThrottledReading.of(outboxRelay::parkedCount),
                            ThrottledReading::value)
                    .strongReference(true)
                    .description("Events Kafka refused again and again, parked until an operator retries them")
                    .register(registry);
        });
        return outboxRelay;
    }

    @Bean
    @ConditionalOnBean(OutboxRelay.class)
    Outbox outbox(JdbcTemplate jdbc, JsonMapper json, MessagingProperties properties, Environment environment,
            OutboxRelay relay) {
        String source = properties.source() != null ? properties.source()
                : "/" + environment.getProperty("spring.application.name", "orderflow");
        return new JdbcOutbox(jdbc, json, source, Clock.systemUTC(), relay);
    }

    @Bean
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    MessagingEndpoint messagingEndpoint(KafkaListenerEndpointRegistry listeners, ObjectProvider<OutboxRelay> relay) {
        return new MessagingEndpoint(listeners, relay.getIfAvailable());
    }

    @Bean
    Inbox inbox(JdbcTemplate jdbc) {
        return new Inbox(jdbc);
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService inboxPurger(Inbox inbox, MessagingProperties properties) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("inbox-purger").daemon().factory());
        int days = (int) Math.max(1, properties.inboxRetention().toDays());
        executor.scheduleWithFixedDelay(() -> {
            try {
                inbox.purgeOlderThanDays(days);
            }
            catch (RuntimeException ignored) {
                // the database may be down; the next round tries again
            }
        }, 1, 60, TimeUnit.MINUTES);
        return executor;
    }

    @Bean
    InboundEventDispatcher inboundEventDispatcher(Inbox inbox, PlatformTransactionManager transactionManager,
            JsonMapper json, ObjectProvider<PersistenceContextReset> persistenceContextReset,
            ObjectProvider<MeterRegistry> meters) {
        return new InboundEventDispatcher(inbox, new TransactionTemplate(transactionManager), json,
                persistenceContextReset.getIfAvailable(() -> PersistenceContextReset.NONE),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = { "jakarta.persistence.EntityManagerFactory",
            "org.springframework.orm.jpa.EntityManagerFactoryUtils" })
    static class JpaPersistenceContextResetConfiguration {

        @Bean
        @ConditionalOnSingleCandidate(EntityManagerFactory.class)
        PersistenceContextReset jpaPersistenceContextReset(EntityManagerFactory entityManagerFactory) {
            return () -> {
                EntityManager entityManager = EntityManagerFactoryUtils
                        .getTransactionalEntityManager(entityManagerFactory);
                if (entityManager != null) {
                    entityManager.flush();
                    entityManager.clear();
                }
            };
        }
    }

    /**
     * Commits offsets without waiting for the broker: the inbox absorbs what a lost commit delivers again, and a poll
     * no longer ends in a round trip.
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> asyncOffsetCommits() {
        return container -> container.getContainerProperties().setSyncCommits(false);
    }

    @Bean
    CommonErrorHandler listenerErrorHandler(KafkaTemplate<String, byte[]> kafka, MessagingProperties properties,
            ObjectProvider<MeterRegistry> meters) {
        return ListenerErrorHandlerFactory.create(kafka, properties.failedAttempts(),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
        return new KafkaHealthIndicator(kafkaAdmin);
    }

    @Bean
    KafkaAdmin.NewTopics orderflowTopics(MessagingProperties properties) {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : properties.topics()) {
            topics.add(TopicBuilder.name(topic).partitions(properties.partitions())
                    .replicas(properties.replicationFactor()).build());
            topics.add(TopicBuilder.name(DeadLetterTopics.of(topic)).partitions(properties.partitions())
                    .replicas(properties.replicationFactor()).build());
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }
}
