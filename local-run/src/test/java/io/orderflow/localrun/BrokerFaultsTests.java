package io.orderflow.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.List;

import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

class BrokerFaultsTests {

    private static final Node ONE = new Node(1, "127.0.0.1", 9092);
    private static final Node TWO = new Node(2, "127.0.0.1", 9094);
    private static final Node THREE = new Node(3, "127.0.0.1", 9096);
    private static final List<Node> ALL = List.of(ONE, TWO, THREE);

    @Test
    void theBrokerThatLeadsTheMostPartitionsIsKilled() {
        List<TopicPartitionInfo> partitions = List.of(led(0, ONE), led(1, TWO), led(2, TWO), led(3, THREE),
                led(4, TWO), led(5, ONE));

        assertThat(BrokerFaults.busiestLeader(partitions)).isEqualTo(2);
    }

    @Test
    void ofBrokersThatLeadAsManyTheLowestIdIsKilled() {
        List<TopicPartitionInfo> partitions = List.of(led(0, THREE), led(1, TWO), led(2, THREE), led(3, TWO),
                led(4, ONE), led(5, ONE));

        assertThat(BrokerFaults.busiestLeader(partitions)).isEqualTo(1);
    }

    @Test
    void partitionsWithoutALeaderAreNotCounted() {
        List<TopicPartitionInfo> partitions = List.of(led(0, null), led(1, null), led(2, THREE),
                led(3, Node.noNode()));

        assertThat(BrokerFaults.busiestLeader(partitions)).isEqualTo(3);
        assertThatIllegalStateException().isThrownBy(() -> BrokerFaults.busiestLeader(List.of(led(0, null))));
    }

    @Test
    void aRestartedBrokerIsInSyncOnlyOnceItIsInTheIsrOfEveryPartitionItHoldsAReplicaOf() {
        TopicDescription orders = new TopicDescription("order-events", false, List.of(
                new TopicPartitionInfo(0, ONE, ALL, ALL),
                new TopicPartitionInfo(1, ONE, ALL, List.of(ONE, THREE))));
        TopicDescription offsets = new TopicDescription("__consumer_offsets", true, List.of(
                new TopicPartitionInfo(0, TWO, List.of(ONE, TWO), List.of(TWO)),
                new TopicPartitionInfo(1, THREE, ALL, ALL)));

        assertThat(BrokerFaults.outOfSync(2, List.of(orders, offsets))).containsExactly("order-events-1");
        assertThat(BrokerFaults.outOfSync(1, List.of(orders, offsets))).containsExactly("__consumer_offsets-0");
        assertThat(BrokerFaults.outOfSync(3, List.of(orders, offsets))).isEmpty();
    }

    private static TopicPartitionInfo led(int partition, Node leader) {
        return new TopicPartitionInfo(partition, leader, ALL, ALL);
    }
}
