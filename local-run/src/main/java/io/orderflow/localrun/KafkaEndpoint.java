package io.orderflow.localrun;

import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Names a broker and the login a client uses there.
 *
 * @param bootstrapServers the broker's bootstrap servers
 * @param login the client settings of the login: security protocol, SASL mechanism and JAAS options
 */
record KafkaEndpoint(String bootstrapServers, Map<String, String> login) {

    /** Returns the endpoint of the local run's broker, logged in as {@code user} of {@link KafkaAccess}. */
    static KafkaEndpoint of(LocalSettings settings, String user) {
        return new KafkaEndpoint(settings.kafkaBootstrapServers(),
                KafkaAccess.loadOrCreate(settings.stateDir()).clientSettings(user));
    }

    /**
     * Returns the endpoint of the ops commands: the local run's broker as {@link KafkaAccess#OPS}, or, with
     * {@code KAFKA_PASSWORD} set, another broker (such as docker compose's) as the SCRAM user {@code KAFKA_USERNAME},
     * by default {@code orderflow_ops}.
     */
    static KafkaEndpoint forOps(LocalSettings settings) {
        String password = settings.environment().get("KAFKA_PASSWORD");
        if (password == null || password.isBlank()) {
            return of(settings, KafkaAccess.OPS);
        }
        String user = settings.environment().getOrDefault("KAFKA_USERNAME", KafkaAccess.OPS);
        return new KafkaEndpoint(settings.kafkaBootstrapServers(), KafkaAccess.scramLogin(user, password));
    }

    /** Returns the client properties of this endpoint, to which a client adds its own. */
    Properties clientProperties() {
        Properties config = new Properties();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putAll(login);
        return config;
    }
}
