package io.orderflow.localrun;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Dispatches the subcommands of {@code ./orderflow}: run, demo and the Kafka ops commands. */
public final class LocalRun {

    private static final String USAGE = """
            Usage: ./orderflow <command>

              run [--clean] [--instances SERVICE=N,...] [--brokers 1|3]
                    Start Kafka, PostgreSQL, the mail catcher and the three services on this machine; Ctrl-C stops all.
                    --clean      delete the state folder (.orderflow/) first: no orders, no topics, no mail
                    --instances  run N instances of a service, e.g. --instances inventory-service=2
                    --brokers    3: three KRaft nodes, every topic on 3 replicas with min ISR 2 (a new state folder
                                 only; default: the state folder's, 1 for a new one)
              demo                      Place a confirmed, a rejected and a cancelled order; print states and e-mails
              topics                    List the topics with their partitions and record counts
              tail TOPIC [--from-beginning]
                                        Print a topic's records (key, headers, value) as they arrive
              lag                       Show each consumer group's lag per partition
              dlt-replay TOPIC.DLT      Re-publish dead letters to their original topic
              journey ORDER_ID [--json] One order's path: its events on each topic and which consumer groups
                                        passed them, its rows in the three databases, dead letters, parked
                                        outbox rows, its trace id
              audit [--dead-letters N]  Check the invariants I1-I6 of the running system; exit 1 if one is broken
              faults [--faults F,...] [--rounds N] [--orders N] [--rate R] [--postgres-outage S] [--smtp-outage S]
                     [--brokers 1|3]    Run Orderflow in .orderflow/faults, inject each fault under load, audit
                                        after each; the faults: kill-order-service kill-inventory-service
                                        kill-notification-service broker-restart broker-kill postgres-stop
                                        extra-instances smtp-outage slow-listener replay kill-everything
                                        dlt-unwritable graceful-restart, and with 3 brokers (the default when
                                        one of them is asked for) broker-leader-kill broker-rolling-restart
              token [--customer ID] [--client ID] [--scope S ...] [--minutes N]
                                        Print an access token of the local run's development issuer: a
                                        customer's (orders:read orders:write) or a client's (every scope)
              help                      Show this text

            Environment: ORDERFLOW_HOME (state folder), ORDERFLOW_<NAME>_PORT, ORDERFLOW_DATABASE_URL_PREFIX,
            ORDERFLOW_SERVICE_JAVA_OPTS, KAFKA_BOOTSTRAP_SERVERS, ORDERFLOW_TRACE_URL; see local-run/README.md.
            """;

    private LocalRun() {
    }

    /** Runs the subcommand named by the first argument. */
    public static void main(String[] args) {
        // the JDK's HTTP client keeps an idle connection for 20 min by default; a fault suite opens thousands
        if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
            System.setProperty("jdk.httpclient.keepalive.timeout", "30");
        }
        List<String> arguments = Arrays.asList(args);
        String command = arguments.isEmpty() ? "help" : arguments.getFirst();
        List<String> options = arguments.isEmpty() ? List.of() : arguments.subList(1, arguments.size());
        LocalSettings settings = LocalSettings.fromEnvironment();
        try {
            switch (command) {
                case "run" -> run(settings, options);
                case "demo" -> new Demo(settings).run();
                case "topics" -> TopicList.print(KafkaEndpoint.forOps(settings));
                case "tail" -> TopicTail.follow(KafkaEndpoint.forOps(settings), requireTopic(options),
                        options.contains("--from-beginning"));
                case "lag" -> ConsumerLag.print(KafkaEndpoint.forOps(settings));
                case "dlt-replay" -> DeadLetterReplay.replay(KafkaEndpoint.forOps(settings), requireTopic(options));
                case "journey" -> JourneyCommand.run(settings, options);
                case "audit" -> audit(settings, options);
                case "faults" -> faults(settings, options);
                case "token" -> System.out.println(token(settings, options));
                case "help", "-h", "--help" -> System.out.print(USAGE);
                default -> throw new UsageError("Unknown command: " + command);
            }
        }
        catch (UsageError ex) {
            System.err.println("orderflow: " + ex.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
        catch (StartupFailure ex) {
            System.err.println();
            System.err.println("orderflow: " + ex.getMessage());
            if (ex.process() != null) {
                System.err.println("Last lines of " + ex.process().logFile() + ":");
                System.err.println(ex.process().logTail(40));
            }
            System.exit(1);
        }
        catch (InterruptedException stopping) {
            // the shutdown hook is stopping everything
            Thread.currentThread().interrupt();
        }
        catch (Exception ex) {
            System.err.println("orderflow: " + describe(ex));
            System.exit(1);
        }
    }

    private static void run(LocalSettings settings, List<String> options) throws Exception {
        boolean clean = false;
        Integer brokers = null;
        Map<String, Integer> instanceCounts = new LinkedHashMap<>();
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            if (option.equals("--clean")) {
                clean = true;
            }
            else if (option.equals("--instances") && i + 1 < options.size()) {
                instanceCounts.putAll(parseInstances(options.get(++i)));
            }
            else if (option.startsWith("--instances=")) {
                instanceCounts.putAll(parseInstances(option.substring("--instances=".length())));
            }
            else if (option.equals("--brokers") && i + 1 < options.size()) {
                brokers = parseBrokers(options.get(++i));
            }
            else if (option.startsWith("--brokers=")) {
                brokers = parseBrokers(option.substring("--brokers=".length()));
            }
            else {
                throw new UsageError("Unknown option for run: " + option);
            }
        }
        Files.createDirectories(settings.tmpDir());
        // embedded PostgreSQL unpacks and locks files under java.io.tmpdir; keep them in the state folder
        System.setProperty("java.io.tmpdir", settings.tmpDir().toString());
        long launchedAt = launchedAtMillis();
        System.out.println("Starting Orderflow from " + settings.projectRoot() + " (state in " + settings.stateDir()
                + ")");
        new LocalSystem(settings, ServiceInstance.plan(settings, instanceCounts), launchedAt, brokers).run(clean);
    }

    private static void audit(LocalSettings settings, List<String> options) throws Exception {
        long deadLetters = 0;
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i).equals("--dead-letters") && i + 1 < options.size()) {
                deadLetters = Long.parseLong(options.get(++i));
            }
            else {
                throw new UsageError("Unknown option for audit: " + options.get(i));
            }
        }
        String prefix = Database.urlPrefix(settings);
        Database.Login login = Database.adminLogin(settings);
        Auditor auditor = new Auditor(database -> prefix + database, login.username(), login.password(),
                KafkaEndpoint.forOps(settings), LocalIssuer.toolToken(settings));
        List<String> urls = ServiceInstance.plan(settings, Map.of()).stream().map(ServiceInstance::baseUrl).toList();
        List<Auditor.Verdict> verdicts = auditor.audit(new Auditor.Expectations(List.of(),
                DeadLetters.count(deadLetters),
                java.time.Duration.ofMinutes(5), urls));
        verdicts.forEach(System.out::println);
        if (!verdicts.stream().allMatch(Auditor.Verdict::held)) {
            System.exit(1);
        }
    }

    private static String token(LocalSettings settings, List<String> options) {
        String customer = null;
        String client = null;
        List<String> scopes = new java.util.ArrayList<>();
        long minutes = 60;
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            if (i + 1 >= options.size()) {
                throw new UsageError("token " + option + " needs a value");
            }
            String value = options.get(++i);
            switch (option) {
                case "--customer" -> customer = value;
                case "--client" -> client = value;
                case "--scope" -> scopes.addAll(Arrays.asList(value.split("[ ,]+")));
                case "--minutes" -> minutes = Long.parseLong(value);
                default -> throw new UsageError("Unknown option for token: " + option);
            }
        }
        if (customer != null && client != null) {
            throw new UsageError("token takes --customer or --client, not both");
        }
        java.time.Duration lifetime = java.time.Duration.ofMinutes(minutes);
        if (customer != null) {
            return LocalIssuer.of(settings).customerToken(customer,
                    scopes.isEmpty() ? List.of("orders:read", "orders:write") : scopes, lifetime);
        }
        return LocalIssuer.of(settings).clientToken(client == null ? "storefront" : client,
                scopes.isEmpty() ? LocalIssuer.ALL_SCOPES : scopes, lifetime);
    }

    private static void faults(LocalSettings settings, List<String> options) throws Exception {
        FaultOptions parsed = FaultOptions.parse(options);
        // a state folder of its own: the suite starts from nothing and leaves the data of ./orderflow run alone
        // and never records an AOT cache: a recording JVM writes it as it stops, minutes that a stop under load lacks
        Map<String, String> environment = new HashMap<>(settings.environment());
        environment.putIfAbsent("ORDERFLOW_AOT_CACHE", "use");
        LocalSettings suite = new LocalSettings(settings.projectRoot(), settings.stateDir().resolve("faults"),
                Map.copyOf(environment));
        Files.createDirectories(suite.tmpDir());
        System.setProperty("java.io.tmpdir", suite.tmpDir().toString());
        if (!new FaultSuite(suite, parsed, launchedAtMillis()).run()) {
            System.exit(1);
        }
    }

    /** Reads a Kafka node count: 1 or 3. */
    static int parseBrokers(String value) {
        try {
            int brokers = Integer.parseInt(value.trim());
            if (KafkaLayout.SIZES.contains(brokers)) {
                return brokers;
            }
        }
        catch (NumberFormatException notANumber) {
            // told below
        }
        throw new UsageError("--brokers takes 1 or 3, not " + value);
    }

    static Map<String, Integer> parseInstances(String value) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String entry : value.split(",")) {
            String[] parts = entry.trim().split("=");
            if (parts.length != 2 || !ServiceInstance.DEFAULT_PORTS.containsKey(parts[0])) {
                throw new UsageError("--instances takes SERVICE=N,... with SERVICE one of "
                        + ServiceInstance.DEFAULT_PORTS.keySet() + ", not " + entry);
            }
            int count;
            try {
                count = Integer.parseInt(parts[1]);
            }
            catch (NumberFormatException ex) {
                throw new UsageError("Not a number of instances: " + entry);
            }
            if (count < 1 || count > ServiceInstance.MAX_INSTANCES) {
                throw new UsageError("Instances must be 1 to " + ServiceInstance.MAX_INSTANCES + ": " + entry);
            }
            counts.put(parts[0], count);
        }
        return counts;
    }

    private static long launchedAtMillis() {
        String fromScript = System.getenv("ORDERFLOW_LAUNCHED_AT_MS");
        if (fromScript != null && fromScript.matches("\\d{13}")) {
            return Long.parseLong(fromScript);
        }
        return ProcessHandle.current().info().startInstant().map(java.time.Instant::toEpochMilli)
                .orElse(System.currentTimeMillis());
    }

    private static String describe(Throwable failure) {
        StringBuilder message = new StringBuilder(failure.getMessage() == null ? failure.toString()
                : failure.getMessage());
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            message.append(" <- ").append(cause.getMessage() == null ? cause.toString() : cause.getMessage());
        }
        return message.toString();
    }

    private static String requireTopic(List<String> options) {
        return options.stream().filter(option -> !option.startsWith("--")).findFirst()
                .orElseThrow(() -> new UsageError("Name the topic"));
    }

    /** Signals a command line that does not make sense. */
    static final class UsageError extends RuntimeException {

        UsageError(String message) {
            super(message);
        }
    }
}
