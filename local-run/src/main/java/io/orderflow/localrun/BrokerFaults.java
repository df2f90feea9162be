package io.orderflow.localrun;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Breaks one node of a three-broker Kafka at a time, under load: {@code broker-leader-kill} kills the broker that leads
 * the most {@code order-events} partitions and restarts it after {@link #LEADER_DOWN}; {@code broker-rolling-restart}
 * stops each broker in turn with SIGTERM and restarts it, and goes on to the next only once the restarted one is back
 * in the ISR of every partition of every topic, internal ones too.
 */
final class BrokerFaults {

    static final List<String> FAULTS = List.of("broker-leader-kill", "broker-rolling-restart");
    /** Longer than the brokers' session timeout (9 s): the controller fences the dead broker and moves its leaders. */
    static final Duration LEADER_DOWN = Duration.ofSeconds(15);
    private static final Duration IN_SYNC_TIMEOUT = Duration.ofMinutes(5);

    private final LocalSystem system;
    private final Supplier<Admin> admins;

    BrokerFaults(LocalSystem system, Supplier<Admin> admins) {
        this.system = system;
        this.admins = admins;
    }

    /** Kills the broker that leads the most {@code order-events} partitions, restarts it, and waits for its ISRs. */
    String killLeader() throws Exception {
        Collection<TopicPartitionInfo> partitions;
        try (Admin admin = admins.get()) {
            partitions = admin.describeTopics(List.of(KafkaAccess.ORDER_EVENTS)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(KafkaAccess.ORDER_EVENTS).partitions();
        }
        int leader = busiestLeader(partitions);
        long led = partitions.stream().filter(partition -> leaderOf(partition) == leader).count();
        system.infrastructure().stopBroker(leader, true);
        Thread.sleep(LEADER_DOWN);
        long restarted = System.nanoTime();
        system.infrastructure().startBroker(leader);
        Duration inSync = awaitInEveryIsr(leader, restarted);
        return "kill -9 of broker " + leader + " (leader of " + led + " of " + partitions.size()
                + " order-events partitions), restarted after " + LEADER_DOWN.toSeconds() + " s, back in every ISR "
                + seconds(inSync) + " after its restart";
    }

    /** Stops, restarts and waits for each broker in turn. */
    String rollingRestart() throws Exception {
        List<String> steps = new ArrayList<>();
        for (KafkaLayout.Node node : system.kafkaLayout().nodes()) {
            long stopped = System.nanoTime();
            system.infrastructure().stopBroker(node.id(), false);
            system.infrastructure().startBroker(node.id());
            steps.add(seconds(awaitInEveryIsr(node.id(), stopped)));
        }
        return "SIGTERM of brokers " + system.kafkaLayout().nodes().stream().map(node -> node.id()).toList()
                + " in turn, each restarted and back in every ISR before the next (" + String.join(", ", steps)
                + " after its SIGTERM)";
    }

    /**
     * Returns the broker that leads the most of {@code partitions}; of several, the lowest id.
     *
     * @throws IllegalStateException if no partition has a leader
     */
    static int busiestLeader(Collection<TopicPartitionInfo> partitions) {
        Map<Integer, Integer> led = new TreeMap<>();
        for (TopicPartitionInfo partition : partitions) {
            int leader = leaderOf(partition);
            if (leader >= 0) {
                led.merge(leader, 1, Integer::sum);
            }
        }
        return led.entrySet().stream().max(Map.Entry.<Integer, Integer>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())))
                .map(Map.Entry::getKey)
                .orElseThrow(() -> new IllegalStateException("No partition has a leader"));
    }

    /** Returns the partitions, as {@code topic-partition}, that have a replica on {@code node} but not in their ISR. */
    static List<String> outOfSync(int node, Collection<TopicDescription> topics) {
        List<String> lagging = new ArrayList<>();
        for (TopicDescription topic : topics) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                if (contains(partition.replicas(), node) && !contains(partition.isr(), node)) {
                    lagging.add(topic.name() + "-" + partition.partition());
                }
            }
        }
        return lagging;
    }

    /** Waits until {@code node} is in the ISR of every partition it has a replica of; returns the time since then. */
    private Duration awaitInEveryIsr(int node, long since) throws InterruptedException {
        long deadline = System.nanoTime() + IN_SYNC_TIMEOUT.toNanos();
        List<String> lagging = List.of("(not asked yet)");
        while (System.nanoTime() < deadline) {
            try (Admin admin = admins.get()) {
                Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                        .get(10, TimeUnit.SECONDS);
                lagging = outOfSync(node, admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS)
                        .values());
                if (lagging.isEmpty()) {
                    return Duration.ofNanos(System.nanoTime() - since);
                }
            }
            catch (Exception notYet) {
                lagging = List.of(notYet.toString());
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Broker " + node + " was not back in every ISR within "
                + IN_SYNC_TIMEOUT.toMinutes() + " min; out of sync: " + lagging.subList(0, Math.min(5, lagging.size())));
    }

    private static int leaderOf(TopicPartitionInfo partition) {
        Node leader = partition.leader();
        return leader == null || leader.isEmpty() ? -1 : leader.id();
    }

    private static boolean contains(List<Node> nodes, int id) {
        return nodes.stream().anyMatch(node -> node.id() == id);
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }
}
