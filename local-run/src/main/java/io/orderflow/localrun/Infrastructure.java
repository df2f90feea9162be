package io.orderflow.localrun;

import java.time.Duration;

/**
 * Runs what the services need besides each other: the mail catcher, the Kafka nodes and PostgreSQL. Starts them in
 * order, stops them after the services, and stops or crashes each one on its own for the fault suite.
 */
final class Infrastructure {

    private final LocalSettings settings;
    private final ProcessRegistry registry;
    private final KafkaCluster kafka;
    private MailCatcher mail;
    private Database database;

    Infrastructure(LocalSettings settings, KafkaLayout layout, ProcessRegistry registry) {
        this.settings = settings;
        this.registry = registry;
        this.kafka = new KafkaCluster(settings, layout, registry);
    }

    KafkaLayout kafkaLayout() {
        return kafka.layout();
    }

    Database database() {
        return database;
    }

    /** Starts the mail catcher, launches Kafka, starts PostgreSQL, then waits until Kafka answers. */
    void start(LocalSystem.Steps steps) throws Exception {
        steps.run("Mail catcher up", this::startMail);
        steps.run(kafka.layout().size() == 1 ? "Kafka launched" : "Kafka launched: " + kafka.layout().size()
                + " KRaft nodes", kafka::launch);
        steps.run(settings.externalDatabaseUrlPrefix() == null ? "PostgreSQL up" : "External PostgreSQL reached",
                this::startPostgres);
        long kafkaWaitStarted = System.nanoTime();
        kafka.awaitReady(kafkaStartTimeout());
        System.out.printf("  Kafka ready on %s (%.1f s)%n", kafka.layout().bootstrapServers(),
                (System.nanoTime() - kafkaWaitStarted) / 1e9);
    }

    /** Stops Kafka, then PostgreSQL, then the mail catcher: whatever of them was started. */
    void stop() {
        kafka.stopAll(false);
        if (database != null) {
            try {
                database.close();
            }
            catch (RuntimeException ex) {
                System.out.println("PostgreSQL: " + ex.getMessage());
            }
        }
        if (mail != null) {
            mail.close();
        }
    }

    /** Stops every Kafka node: gracefully (SIGTERM), or at once (SIGKILL) when {@code crash}. */
    void stopKafka(boolean crash) {
        kafka.stopAll(crash);
    }

    /** Starts every Kafka node again on its data and waits until they answer. */
    void startKafka() throws Exception {
        kafka.launch();
        kafka.awaitReady(kafkaStartTimeout());
    }

    /** Stops one Kafka node: gracefully (SIGTERM, a controlled shutdown), or at once (SIGKILL) when {@code crash}. */
    void stopBroker(int node, boolean crash) {
        kafka.stop(node, crash);
    }

    /** Starts one Kafka node again on its data and waits until it is a live broker of the cluster again. */
    void startBroker(int node) throws Exception {
        kafka.start(node, kafkaStartTimeout());
    }

    private Duration kafkaStartTimeout() {
        return Duration.ofSeconds(kafka.layout().size() == 1 ? 90 : 150);
    }

    /** Stops the embedded PostgreSQL with an immediate shutdown (SIGQUIT to the postmaster): no checkpoint, a crash. */
    void stopPostgresImmediately() throws Exception {
        ProcessHandle postmaster = database.postmaster()
                .orElseThrow(() -> new IllegalStateException("only the embedded PostgreSQL can be stopped"));
        new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster.pid())).inheritIO().start().waitFor();
        Database.awaitGone(postmaster, Duration.ofSeconds(30));
        database.releaseAfterCrash();
    }

    /** Starts the embedded PostgreSQL, or reaches the external one; after a crash, it recovers from its WAL. */
    void startPostgres() throws Exception {
        database = Database.start(settings);
        database.postmaster().ifPresent(postmaster -> registry.record("postgres", postmaster));
    }

    /** Stops the mail catcher; mail sent meanwhile fails to connect. */
    void stopMail() {
        mail.close();
    }

    /** Starts the mail catcher, empty. */
    void startMail() throws Exception {
        mail = MailCatcher.start(settings.smtpPort(), settings.mailPagePort());
    }
}
