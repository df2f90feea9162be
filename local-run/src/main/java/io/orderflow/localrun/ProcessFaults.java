package io.orderflow.localrun;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Breaks the processes of the local run, under load, at a random moment of the load: services killed or added and
 * removed, Kafka, PostgreSQL and the mail catcher stopped, a listener blocked past its poll interval, everything
 * killed at once. Each fault returns what it did, for the fault table.
 */
final class ProcessFaults {

    private final LocalSystem system;
    private final FaultOptions options;
    private final LocalSettings settings;

    ProcessFaults(LocalSystem system, FaultOptions options, LocalSettings settings) {
        this.system = system;
        this.options = options;
        this.settings = settings;
    }

    /** One fault: does it and says what it did. */
    interface Fault {
        String inject() throws Exception;
    }

    /** Waits a random time of at most {@code atMost}, at least half of it, then injects {@code fault}. */
    static String afterRandomly(Duration atMost, Fault fault) throws Exception {
        sleepRandomly(atMost);
        return fault.inject();
    }

    static void sleepRandomly(Duration atMost) throws InterruptedException {
        long millis = Math.max(1, atMost.toMillis());
        Thread.sleep(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }

    private interface Action {
        void run() throws Exception;
    }

    /** Waits a random part of {@code before}, stops a process, keeps it down for {@code down}, then starts it again. */
    private static void outage(Duration before, Action stop, Duration down, Action start) throws Exception {
        sleepRandomly(before);
        stop.run();
        Thread.sleep(down);
        start.run();
    }

    String killRepeatedly(String service, Duration loadTime) throws Exception {
        int kills = 2;
        for (int i = 0; i < kills; i++) {
            sleepRandomly(loadTime.dividedBy(kills + 1));
            system.killInstance(service);
            system.startInstance(system.instance(service), List.of());
        }
        return "kill -9 of " + service + " ×" + kills + ", each restarted";
    }

    String restartBroker(Duration loadTime, boolean crash) throws Exception {
        outage(loadTime.dividedBy(2), () -> system.infrastructure().stopKafka(crash), Duration.ofSeconds(3),
                system.infrastructure()::startKafka);
        int brokers = system.kafkaLayout().size();
        return (crash ? "kill -9" : "SIGTERM") + (brokers == 1 ? " of the broker" : " of all " + brokers + " brokers")
                + ", restarted after 3 s";
    }

    String stopPostgres(Duration loadTime) throws Exception {
        outage(loadTime.dividedBy(2), system.infrastructure()::stopPostgresImmediately, options.postgresOutage(),
                system.infrastructure()::startPostgres);
        return "PostgreSQL immediate shutdown for " + options.postgresOutage().toSeconds() + " s";
    }

    /** Starts the second instances of inventory-service and order-service; {@link #removeInstances} ends them. */
    List<String> addInstances() throws Exception {
        system.startInstance(ServiceInstance.second(settings, "inventory-service"), List.of());
        ServiceInstance orders = ServiceInstance.second(settings, "order-service");
        system.startInstance(orders, List.of());
        return List.of(orders.baseUrl());
    }

    String removeInstances(Duration loadTime) throws Exception {
        sleepRandomly(loadTime.dividedBy(2));
        ServiceInstance inventory = ServiceInstance.second(settings, "inventory-service");
        ServiceInstance orders = ServiceInstance.second(settings, "order-service");
        system.stopInstance(inventory.name());
        system.killInstance(orders.name());
        system.removeInstance(inventory);
        system.removeInstance(orders);
        return "inventory-service-2 and order-service-2 added, then SIGTERM and kill -9";
    }

    String stopMail(Duration loadTime) throws Exception {
        outage(loadTime.dividedBy(4), system.infrastructure()::stopMail, options.smtpOutage(),
                system.infrastructure()::startMail);
        return "mail server down for " + options.smtpOutage().toSeconds() + " s";
    }

    /** Restarts inventory-service with a short poll interval; {@link #slowListener} then blocks its poll. */
    void shortenPollInterval() throws Exception {
        system.stopInstance("inventory-service");
        system.startInstance(system.instance("inventory-service"),
                List.of("--spring.kafka.consumer.properties.max.poll.interval.ms=10000"));
    }

    String slowListener(Duration loadTime) throws Exception {
        sleepRandomly(loadTime.dividedBy(3));
        // every product locked: the listener's poll waits for the locks longer than max.poll.interval.ms
        try (Connection connection = DriverManager.getConnection(system.database().jdbcUrl("inventory"),
                system.database().admin().username(), system.database().admin().password())) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT sku FROM product FOR UPDATE");
                Thread.sleep(20_000);
            }
            connection.rollback();
        }
        system.stopInstance("inventory-service");
        system.startInstance(system.instance("inventory-service"), List.of());
        return "inventory-service's poll blocked 20 s with max.poll.interval.ms = 10 s";
    }

    String killEverything(Duration loadTime) throws Exception {
        sleepRandomly(loadTime.dividedBy(2));
        for (ServiceInstance instance : system.instances()) {
            system.killInstance(instance.name());
        }
        system.infrastructure().stopKafka(true);
        ProcessHandle postmaster = system.database().postmaster().orElseThrow();
        List<ProcessHandle> backends = postmaster.descendants().toList();
        postmaster.destroyForcibly();
        backends.forEach(ProcessHandle::destroyForcibly);
        Database.awaitGone(postmaster, Duration.ofSeconds(30));
        for (ProcessHandle backend : backends) {
            Database.awaitGone(backend, Duration.ofSeconds(30));
        }
        system.database().releaseAfterCrash();
        Thread.sleep(2000);
        system.infrastructure().startPostgres();
        system.infrastructure().startKafka();
        for (ServiceInstance instance : system.instances()) {
            system.startInstance(instance, List.of());
        }
        return "kill -9 of every process, then a restart";
    }
}
