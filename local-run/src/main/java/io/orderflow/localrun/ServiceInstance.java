package io.orderflow.localrun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.orderflow.harness.ChildProcess;

/**
 * Describes one instance of a service to run: which jar, on which port, against which database.
 *
 * @param service the service's name, which is also its module folder
 * @param number 1 for the first instance, 2 and up for the extra ones
 * @param port the HTTP port
 * @param database the name of the service's database
 */
record ServiceInstance(String service, int number, int port, String database) {

    static final Map<String, Integer> DEFAULT_PORTS = defaultPorts();
    static final Map<String, String> DATABASES = Map.of(
            "order-service", "orders", "inventory-service", "inventory", "notification-service", "notifications");
    static final int MAX_INSTANCES = 6;
    /** Separates the ports of a service's instances: 8082, 8092, 8102... */
    static final int PORT_STEP = 10;

    private static Map<String, Integer> defaultPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("order-service", 8081);
        ports.put("inventory-service", 8082);
        ports.put("notification-service", 8083);
        return ports;
    }

    /** Lists every instance to start: one of each service plus the extra ones in {@code instanceCounts}. */
    static List<ServiceInstance> plan(LocalSettings settings, Map<String, Integer> instanceCounts) {
        List<ServiceInstance> instances = new ArrayList<>();
        DEFAULT_PORTS.forEach((service, defaultPort) -> {
            int basePort = settings.port(service, defaultPort);
            int count = instanceCounts.getOrDefault(service, 1);
            for (int number = 1; number <= count; number++) {
                instances.add(new ServiceInstance(service, number, basePort + (number - 1) * PORT_STEP,
                        DATABASES.get(service)));
            }
        });
        return instances;
    }

    /** Returns the second instance of {@code service}, one port step above the first, as the fault suite adds it. */
    static ServiceInstance second(LocalSettings settings, String service) {
        ServiceInstance first = plan(settings, Map.of()).stream()
                .filter(instance -> instance.service().equals(service)).findFirst().orElseThrow();
        return new ServiceInstance(service, 2, first.port() + PORT_STEP, first.database());
    }

    /** Returns a name for logs and tables: {@code inventory-service} or {@code inventory-service-2}. */
    String name() {
        return number == 1 ? service : service + "-" + number;
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    Path jar(LocalSettings settings) {
        return settings.projectRoot().resolve(service).resolve("target").resolve(service + ".jar");
    }

    /** Returns the instance's AOT cache, which lives next to its service's jar. */
    AotCache aotCache(LocalSettings settings) {
        return new AotCache(jar(settings), service);
    }

    /**
     * Tells whether this instance records its service's AOT cache: the first instance of a service whose cache is
     * missing or stale, once its jar has been extracted ({@link AotCache#startExtraction}).
     */
    boolean recordsAotCache(LocalSettings settings) {
        AotCache cache = aotCache(settings);
        return settings.aotCacheRecorded() && number == 1 && !cache.isFresh() && cache.isExtracted();
    }

    /**
     * Starts the instance as its own JVM with the environment variables every service reads: from the AOT cache of
     * its service when there is a fresh one, recording it when {@link #recordsAotCache} says so.
     */
    ChildProcess start(LocalSettings settings, Database db, String kafkaBootstrapServers, int smtpPort) {
        return start(settings, db, kafkaBootstrapServers, smtpPort, List.of());
    }

    /** Starts the instance with extra Spring arguments, such as {@code --orderflow.x=y}. */
    ChildProcess start(LocalSettings settings, Database db, String kafkaBootstrapServers, int smtpPort,
            List<String> arguments) {
        Path jar = jar(settings);
        if (!Files.isRegularFile(jar)) {
            throw new StartupFailure(jar + " is missing; build it with: mvn -DskipTests package", null);
        }
        AotCache cache = aotCache(settings);
        List<String> command = new ArrayList<>();
        command.add(LocalSettings.javaCommand());
        command.addAll(settings.serviceJavaOptions());
        if (settings.aotCacheEnabled() && cache.isFresh()) {
            command.addAll(cache.runArguments());
        }
        else if (recordsAotCache(settings)) {
            command.addAll(cache.recordArguments());
        }
        else {
            command.add("-jar");
            command.add(jar.toString());
        }
        command.addAll(arguments);
        return ChildProcess.start(name(), command, environment(settings, db, kafkaBootstrapServers, smtpPort),
                settings.stateDir(), settings.logsDir().resolve(name() + ".log"));
    }

    /** Returns the environment variables every service reads, pointing at this instance's port and database. */
    Map<String, String> environment(LocalSettings settings, Database db, String kafkaBootstrapServers, int smtpPort) {
        Map<String, String> env = new HashMap<>();
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("SERVER_ADDRESS", LocalSettings.LOOPBACK);
        env.put("DATABASE_URL", db.jdbcUrl(database));
        env.put("DATABASE_USERNAME", db.runtimeLogin(database).username());
        env.put("DATABASE_PASSWORD", db.runtimeLogin(database).password());
        env.put("DATABASE_MIGRATION_USERNAME", db.migrationLogin(database).username());
        env.put("DATABASE_MIGRATION_PASSWORD", db.migrationLogin(database).password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        env.putAll(KafkaAccess.loadOrCreate(settings.stateDir()).serviceEnvironment(service));
        env.put("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLIC_KEY_LOCATION",
                LocalIssuer.publicKey(settings).toUri().toString());
        // two malloc arenas instead of eight per core: the JVM allocates little with malloc, and each arena keeps
        // its own free memory, which showed as tens of MB of resident memory per service
        env.put("MALLOC_ARENA_MAX", "2");
        env.put("MAIL_HOST", LocalSettings.LOOPBACK);
        env.put("MAIL_PORT", Integer.toString(smtpPort));
        return env;
    }
}
