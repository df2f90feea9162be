package io.orderflow.testsupport;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates topics on the test broker the way the services declare them: 6 partitions, one replica. */
final class TestTopics {

    private static final int PARTITIONS = 6;

    private TestTopics() {
    }

    /** Creates those of {@code topics} that do not exist yet. */
    static void ensureExist(String bootstrapServers, List<String> topics) {
        try (AdminClient admin = AdminClient.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        }
        catch (ExecutionException ex) {
            if (!(ex.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create test topics " + topics, ex);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
