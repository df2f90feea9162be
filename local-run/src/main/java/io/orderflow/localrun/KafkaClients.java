package io.orderflow.localrun;

import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Creates the Kafka clients of the ops commands; they handle keys and values as raw bytes. */
final class KafkaClients {

    private KafkaClients() {
    }

    static Admin admin(KafkaEndpoint kafka) {
        return admin(kafka, Map.of());
    }

    /** Creates an admin client with {@code extra} settings on top of the usual ones. */
    static Admin admin(KafkaEndpoint kafka, Map<String, String> extra) {
        return Admin.create(common(kafka, extra));
    }

    /** Creates a consumer; without {@code groupId} it has no group and commits nothing. */
    static KafkaConsumer<byte[], byte[]> consumer(KafkaEndpoint kafka, String groupId) {
        return consumer(kafka, groupId, Map.of());
    }

    /** Creates a consumer with {@code extra} settings on top of the usual ones. */
    static KafkaConsumer<byte[], byte[]> consumer(KafkaEndpoint kafka, String groupId, Map<String, String> extra) {
        Properties config = common(kafka, Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        config.putAll(extra);
        if (groupId != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static KafkaProducer<byte[], byte[]> producer(KafkaEndpoint kafka) {
        Properties config = common(kafka, Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"));
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static Properties common(KafkaEndpoint kafka, Map<String, String> extra) {
        Properties config = kafka.clientProperties();
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "orderflow-ops");
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        config.putAll(extra);
        return config;
    }
}
