package io.orderflow.localrun;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Secures the local run's broker (or brokers). Both listeners take SASL only. The brokers and controllers themselves
 * (between nodes too) and the launcher's harness log in as {@code admin} (PLAIN, a super user); every service and tool has a SCRAM-SHA-512 user of its own, made when the
 * storage is formatted and again on every start, and ACLs that let it do its work and nothing else: a service writes
 * its own topic and the dead-letter topic of what it reads, reads what it consumes in its own group, and may describe
 * every Orderflow topic. Passwords are generated once and kept in {@code <state>/kafka-passwords.properties}.
 */
final class KafkaAccess {

    static final String ADMIN = "admin";
    static final String ORDER_SERVICE = "order_service";
    static final String INVENTORY_SERVICE = "inventory_service";
    static final String NOTIFICATION_SERVICE = "notification_service";
    /** The ops commands: tail, lag and dlt-replay, which writes a dead letter back to its topic. */
    static final String OPS = "orderflow_ops";
    /** Read-only: the benchmark's event watcher and lag checks, or a topic browser. */
    static final String VIEWER = "orderflow_viewer";

    static final String ORDER_EVENTS = "order-events";
    static final String INVENTORY_EVENTS = "inventory-events";
    static final List<String> TOPICS = List.of(ORDER_EVENTS, INVENTORY_EVENTS, ORDER_EVENTS + ".DLT",
            INVENTORY_EVENTS + ".DLT");

    private static final String SCRAM = "SCRAM-SHA-512";
    private static final int SCRAM_ITERATIONS = 8192;
    private static final List<String> ACCOUNTS = List.of(ADMIN, ORDER_SERVICE, INVENTORY_SERVICE,
            NOTIFICATION_SERVICE, OPS, VIEWER);

    private final GeneratedPasswords passwords;

    private KafkaAccess(GeneratedPasswords passwords) {
        this.passwords = passwords;
    }

    /** Reads the passwords of {@code stateDir}, generating and saving those that are missing. */
    static KafkaAccess loadOrCreate(Path stateDir) {
        return new KafkaAccess(GeneratedPasswords.loadOrCreate(stateDir.resolve("kafka-passwords.properties"),
                ACCOUNTS, "Passwords of the local run's Kafka users (generated; keep private)"));
    }

    /** Returns the broker's security settings: SASL listeners, the admin's PLAIN login, the ACL authorizer. */
    List<String> brokerProperties() {
        String plain = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                + "\" password=\"" + password(ADMIN) + "\" user_" + ADMIN + "=\"" + password(ADMIN) + "\";";
        return List.of(
                "listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
                "inter.broker.listener.name=CLIENT",
                "sasl.mechanism.inter.broker.protocol=PLAIN",
                "sasl.mechanism.controller.protocol=PLAIN",
                "listener.name.client.sasl.enabled.mechanisms=" + SCRAM + ",PLAIN",
                "listener.name.client.plain.sasl.jaas.config=" + plain,
                "listener.name.client.scram-sha-512.sasl.jaas.config="
                        + "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                "listener.name.controller.plain.sasl.jaas.config=" + plain,
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=User:" + ADMIN,
                "allow.everyone.if.no.acl.found=false");
    }

    /** Returns the storage tool's arguments that store every SCRAM user in the first metadata. */
    List<String> formatArguments() {
        List<String> arguments = new ArrayList<>();
        for (String user : scramUsers()) {
            arguments.add("--add-scram");
            arguments.add(SCRAM + "=[name=" + user + ",password=" + password(user) + "]");
        }
        return arguments;
    }

    /** Returns the client settings that log in as {@code user}. */
    Map<String, String> clientSettings(String user) {
        if (!ADMIN.equals(user)) {
            return scramLogin(user, password(user));
        }
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"" + user + "\" password=\"" + password(user) + "\";");
    }

    /** Returns the client settings of a SCRAM-SHA-512 login over SASL_PLAINTEXT. */
    static Map<String, String> scramLogin(String user, String password) {
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, SCRAM,
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"" + user + "\" password=\"" + password + "\";");
    }

    /** Returns the environment variables that a service reads its Kafka login from. */
    Map<String, String> serviceEnvironment(String service) {
        String user = service.replace('-', '_');
        return Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM", SCRAM,
                "KAFKA_USERNAME", user, "KAFKA_PASSWORD", password(user));
    }

    /**
     * Creates Orderflow's topics as {@code layout} has them, the SCRAM users and their ACLs, as {@code admin}; every
     * step may be repeated. The launcher creates the topics because no service may.
     */
    void apply(Admin admin, KafkaLayout layout) throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<NewTopic> missing = TOPICS.stream().filter(topic -> !existing.contains(topic))
                .map(layout::newTopic).toList();
        if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        }
        admin.alterUserScramCredentials(scramUsers().stream()
                .<UserScramCredentialAlteration>map(user ->
                        new UserScramCredentialUpsertion(user,
                                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                                password(user)))
                .toList()).all().get(30, TimeUnit.SECONDS);
        admin.createAcls(acls()).all().get(30, TimeUnit.SECONDS);
    }

    /** Returns every ACL of the local run: what each service and tool may do. */
    static List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        service(acls, ORDER_SERVICE, ORDER_EVENTS, INVENTORY_EVENTS, PatternType.LITERAL, "order-service");
        // inventory-service's replays read into groups of their own, named inventory-replay-...
        service(acls, INVENTORY_SERVICE, INVENTORY_EVENTS, ORDER_EVENTS, PatternType.PREFIXED, "inventory-");
        service(acls, NOTIFICATION_SERVICE, null, ORDER_EVENTS, PatternType.LITERAL, "notification-service");
        for (String user : List.of(OPS, VIEWER)) {
            allow(acls, user, ResourceType.TOPIC, "*", PatternType.LITERAL, AclOperation.READ,
                    AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
            allow(acls, user, ResourceType.GROUP, "*", PatternType.LITERAL, AclOperation.DESCRIBE);
        }
        allow(acls, OPS, ResourceType.TOPIC, ORDER_EVENTS, PatternType.LITERAL, AclOperation.WRITE);
        allow(acls, OPS, ResourceType.TOPIC, INVENTORY_EVENTS, PatternType.LITERAL, AclOperation.WRITE);
        allow(acls, OPS, ResourceType.GROUP, "orderflow-", PatternType.PREFIXED, AclOperation.READ);
        return acls;
    }

    private static void service(List<AclBinding> acls, String user, String produces, String consumes,
            PatternType groupPattern, String group) {
        for (String topic : TOPICS) {
            allow(acls, user, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE);
        }
        if (produces != null) {
            allow(acls, user, ResourceType.TOPIC, produces, PatternType.LITERAL, AclOperation.WRITE);
        }
        allow(acls, user, ResourceType.TOPIC, consumes, PatternType.LITERAL, AclOperation.READ);
        allow(acls, user, ResourceType.TOPIC, consumes + ".DLT", PatternType.LITERAL, AclOperation.WRITE);
        allow(acls, user, ResourceType.GROUP, group, groupPattern, AclOperation.READ);
    }

    private static void allow(List<AclBinding> acls, String user, ResourceType type, String name,
            PatternType pattern, AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
        }
    }

    private static List<String> scramUsers() {
        return ACCOUNTS.stream().filter(user -> !ADMIN.equals(user)).toList();
    }

    private String password(String user) {
        return passwords.of(user);
    }
}
