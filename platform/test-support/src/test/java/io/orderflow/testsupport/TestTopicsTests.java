package io.orderflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

class TestTopicsTests {

    @Test
    void createsTheMissingTopicsWithSixPartitionsAndLeavesTheOthersAsTheyAre() throws Exception {
        String bootstrapServers = TestInfrastructure.kafka().bootstrapServers();
        String existing = "topics-test-" + UUID.randomUUID();
        String missing = "topics-test-" + UUID.randomUUID();
        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(existing, 2, (short) 1))).all().get();

            TestTopics.ensureExist(bootstrapServers, List.of(existing, missing));
            TestTopics.ensureExist(bootstrapServers, List.of(existing, missing));

            // the broker may learn of a topic a moment after its controller created it
            Map<String, TopicDescription> topics = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> admin.describeTopics(List.of(existing, missing)).allTopicNames().get(),
                            described -> described.size() == 2);
            assertThat(topics.get(existing).partitions()).hasSize(2);
            assertThat(topics.get(missing).partitions()).hasSize(6);
        }
    }
}
