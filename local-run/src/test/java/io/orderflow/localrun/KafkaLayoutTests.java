package io.orderflow.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaLayoutTests {

    @TempDir
    Path state;

    @Test
    void aNewStateFolderGetsOneBrokerByDefault() {
        KafkaLayout layout = KafkaLayout.resolve(settings(Map.of()), null);

        assertThat(layout.size()).isEqualTo(1);
        assertThat(layout.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(layout.node(1).name()).isEqualTo("kafka");
        assertThat(layout.node(1).dataDir()).isEqualTo(state.resolve("kafka"));
        assertThat(layout.serverProperties(layout.node(1))).contains("node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:9093",
                "listeners=CLIENT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093",
                "default.replication.factor=1", "min.insync.replicas=1", "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1");
    }

    @Test
    void aSingleNodeIsFormattedAsAStandaloneQuorum() {
        KafkaLayout layout = KafkaLayout.of(settings(Map.of()), 1);

        assertThat(layout.formatArguments(layout.node(1))).contains("--standalone")
                .doesNotContain("--initial-controllers");
    }

    @Test
    void threeNodesListenTwoPortsApartAndKeepTheirOwnData() {
        KafkaLayout layout = KafkaLayout.of(settings(Map.of()), 3);

        assertThat(layout.nodes()).extracting(KafkaLayout.Node::port).containsExactly(9092, 9094, 9096);
        assertThat(layout.nodes()).extracting(KafkaLayout.Node::controllerPort).containsExactly(9093, 9095, 9097);
        assertThat(layout.nodes()).extracting(KafkaLayout.Node::name).containsExactly("kafka-1", "kafka-2", "kafka-3");
        assertThat(layout.nodes()).extracting(KafkaLayout.Node::dataDir)
                .containsExactly(state.resolve("kafka-1"), state.resolve("kafka-2"), state.resolve("kafka-3"));
        assertThat(layout.bootstrapServers()).isEqualTo("127.0.0.1:9092,127.0.0.1:9094,127.0.0.1:9096");
        assertThat(layout.serverProperties(layout.node(2))).contains("node.id=2",
                "process.roles=broker,controller",
                "listeners=CLIENT://127.0.0.1:9094,CONTROLLER://127.0.0.1:9095",
                "advertised.listeners=CLIENT://127.0.0.1:9094",
                "log.dirs=" + state.resolve("kafka-2"));
    }

    @Test
    void everyNodeKnowsAllThreeControllers() {
        KafkaLayout layout = KafkaLayout.of(settings(Map.of()), 3);

        for (KafkaLayout.Node node : layout.nodes()) {
            assertThat(layout.serverProperties(node))
                    .contains("controller.quorum.bootstrap.servers=127.0.0.1:9093,127.0.0.1:9095,127.0.0.1:9097")
                    .noneMatch(line -> line.startsWith("controller.quorum.voters="));
        }
    }

    @Test
    void everyNodeIsFormattedWithTheSameThreeVoters() {
        KafkaLayout layout = KafkaLayout.of(settings(Map.of()), 3);

        List<List<String>> arguments = layout.nodes().stream().map(layout::formatArguments).toList();

        assertThat(arguments).allSatisfy(each -> assertThat(each).isEqualTo(arguments.getFirst()));
        List<String> first = arguments.getFirst();
        assertThat(first).doesNotContain("--standalone").contains("--initial-controllers");
        assertThat(first.get(first.indexOf("-t") + 1)).isNotBlank();
        String voters = first.get(first.indexOf("--initial-controllers") + 1);
        assertThat(voters.split(",")).hasSize(3).satisfiesExactly(
                voter -> assertThat(voter).matches("1@127\\.0\\.0\\.1:9093:[A-Za-z0-9_-]{22}"),
                voter -> assertThat(voter).matches("2@127\\.0\\.0\\.1:9095:[A-Za-z0-9_-]{22}"),
                voter -> assertThat(voter).matches("3@127\\.0\\.0\\.1:9097:[A-Za-z0-9_-]{22}"));
    }

    @Test
    void threeNodesReplicateEveryTopicThreeTimesAndAcknowledgeTwoInSyncReplicas() {
        KafkaLayout layout = KafkaLayout.of(settings(Map.of()), 3);

        assertThat(layout.serverProperties(layout.node(3))).contains("default.replication.factor=3",
                "min.insync.replicas=2", "offsets.topic.replication.factor=3",
                "transaction.state.log.replication.factor=3", "transaction.state.log.min.isr=2",
                "share.coordinator.state.topic.replication.factor=3", "share.coordinator.state.topic.min.isr=2",
                "unclean.leader.election.enable=false");
        NewTopic topic = layout.newTopic("order-events");
        assertThat(topic.numPartitions()).isEqualTo(6);
        assertThat(topic.replicationFactor()).isEqualTo((short) 3);
        assertThat(topic.configs()).containsEntry("min.insync.replicas", "2");
    }

    @Test
    void aSingleBrokersTopicsHaveOneReplica() {
        NewTopic topic = KafkaLayout.of(settings(Map.of()), 1).newTopic("order-events.DLT");

        assertThat(topic.replicationFactor()).isEqualTo((short) 1);
        assertThat(topic.configs()).isNullOrEmpty();
    }

    @Test
    void eachNodesPortsCanBeMoved() {
        KafkaLayout layout = KafkaLayout.of(settings(Map.of("ORDERFLOW_KAFKA_PORT", "19092",
                "ORDERFLOW_KAFKA_CONTROLLER_PORT", "19093", "ORDERFLOW_KAFKA_3_PORT", "29092",
                "ORDERFLOW_KAFKA_3_CONTROLLER_PORT", "29093")), 3);

        assertThat(layout.bootstrapServers()).isEqualTo("127.0.0.1:19092,127.0.0.1:19094,127.0.0.1:29092");
        assertThat(layout.node(3).controllerPort()).isEqualTo(29093);
    }

    @Test
    void overlappingPortsAreRefused() {
        LocalSettings settings = settings(Map.of("ORDERFLOW_KAFKA_CONTROLLER_PORT", "9094"));

        assertThatExceptionOfType(LocalRun.UsageError.class).isThrownBy(() -> KafkaLayout.of(settings, 3))
                .withMessageContaining("overlap");
    }

    @Test
    void onlyOneOrThreeBrokersAreOffered() {
        assertThat(LocalRun.parseBrokers("3")).isEqualTo(3);
        assertThat(LocalRun.parseBrokers("1")).isEqualTo(1);
        assertThatExceptionOfType(LocalRun.UsageError.class).isThrownBy(() -> LocalRun.parseBrokers("2"));
        assertThatExceptionOfType(LocalRun.UsageError.class).isThrownBy(() -> LocalRun.parseBrokers("three"));
    }

    @Test
    void theRecordedLayoutIsResumedWithItsIdsAndAnotherSizeIsRefused() {
        LocalSettings settings = settings(Map.of());
        KafkaLayout first = KafkaLayout.resolve(settings, 3);
        first.save();

        KafkaLayout resumed = KafkaLayout.resolve(settings, null);

        assertThat(resumed.size()).isEqualTo(3);
        assertThat(resumed.formatArguments(resumed.node(1))).isEqualTo(first.formatArguments(first.node(1)));
        assertThat(KafkaLayout.resolve(settings, 3).size()).isEqualTo(3);
        assertThatExceptionOfType(StartupFailure.class).isThrownBy(() -> KafkaLayout.resolve(settings, 1))
                .withMessageContaining("--clean");
    }

    @Test
    void aStateFolderWithAnUnrecordedBrokerIsOneBroker() throws Exception {
        Files.createDirectories(state.resolve("kafka"));
        Files.writeString(state.resolve("kafka/meta.properties"), "node.id=1\n");
        LocalSettings settings = settings(Map.of());

        assertThat(KafkaLayout.resolve(settings, null).size()).isEqualTo(1);
        assertThatExceptionOfType(StartupFailure.class).isThrownBy(() -> KafkaLayout.resolve(settings, 3));
    }

    @Test
    void theOpsCommandsBootstrapFromEveryRecordedNode() {
        LocalSettings settings = settings(Map.of());
        KafkaLayout.resolve(settings, 3).save();

        assertThat(settings.kafkaBootstrapServers()).isEqualTo("127.0.0.1:9092,127.0.0.1:9094,127.0.0.1:9096");
        assertThat(settings(Map.of("KAFKA_BOOTSTRAP_SERVERS", "broker:29092")).kafkaBootstrapServers())
                .isEqualTo("broker:29092");
    }

    private LocalSettings settings(Map<String, String> environment) {
        return new LocalSettings(state.getParent(), state, environment);
    }
}
