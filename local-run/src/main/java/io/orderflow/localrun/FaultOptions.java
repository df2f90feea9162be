package io.orderflow.localrun;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Says what {@code ./orderflow faults} runs: which faults, how often, under which load, with how many Kafka brokers.
 *
 * @param faults the faults to inject, in order, each once per round
 * @param rounds how often to run them all
 * @param orders how many orders each fault's load places
 * @param perSecond the load's rate
 * @param postgresOutage how long PostgreSQL stays down
 * @param smtpOutage how long the mail server stays down
 * @param brokers the Kafka node count: 3 when a fault that needs three is asked for, else 1 unless told
 */
record FaultOptions(List<String> faults, int rounds, int orders, double perSecond, Duration postgresOutage,
        Duration smtpOutage, int brokers) {

    /** Every fault, in the order the suite injects them; the last two need three brokers. */
    static final List<String> FAULTS = List.of("kill-order-service", "kill-inventory-service",
            "kill-notification-service", "broker-restart", "broker-kill", "postgres-stop", "extra-instances",
            "smtp-outage", "slow-listener", "replay", "kill-everything", "dlt-unwritable", GracefulRestart.FAULT,
            "broker-leader-kill", "broker-rolling-restart");
    /** The faults whose load runs from before they start until they are over. */
    private static final Set<String> LOAD_UNTIL_DONE = Set.of(GracefulRestart.FAULT, "broker-leader-kill",
            "broker-rolling-restart");

    /** Tells whether the load of {@code fault} runs until the fault is over instead of placing a number of orders. */
    static boolean loadsUntilDone(String fault) {
        return LOAD_UNTIL_DONE.contains(fault);
    }

    static FaultOptions parse(List<String> arguments) {
        List<String> faults = null;
        Integer brokers = null;
        int rounds = 1;
        int orders = 600;
        double perSecond = 40;
        Duration postgresOutage = Duration.ofSeconds(30);
        Duration smtpOutage = Duration.ofMinutes(5);
        for (int i = 0; i < arguments.size(); i++) {
            String option = arguments.get(i);
            String value = i + 1 < arguments.size() ? arguments.get(i + 1) : null;
            if (value == null) {
                throw new LocalRun.UsageError(option + " needs a value");
            }
            switch (option) {
                case "--faults" -> faults = List.of(value.split(","));
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--orders" -> orders = Integer.parseInt(value);
                case "--rate" -> perSecond = Double.parseDouble(value);
                case "--postgres-outage" -> postgresOutage = Duration.ofSeconds(Long.parseLong(value));
                case "--smtp-outage" -> smtpOutage = Duration.ofSeconds(Long.parseLong(value));
                case "--brokers" -> brokers = LocalRun.parseBrokers(value);
                default -> throw new LocalRun.UsageError("Unknown option for faults: " + option);
            }
            i++;
        }
        for (String fault : faults == null ? List.<String>of() : faults) {
            if (!FAULTS.contains(fault)) {
                throw new LocalRun.UsageError("Unknown fault " + fault + "; the faults are " + FAULTS);
            }
        }
        boolean needsThree = faults != null && faults.stream().anyMatch(BrokerFaults.FAULTS::contains);
        if (brokers == null) {
            brokers = needsThree ? 3 : 1;
        }
        if (needsThree && brokers == 1) {
            throw new LocalRun.UsageError(BrokerFaults.FAULTS + " need --brokers 3");
        }
        if (faults == null) {
            faults = brokers == 1 ? FAULTS.stream().filter(fault -> !BrokerFaults.FAULTS.contains(fault)).toList()
                    : FAULTS;
        }
        return new FaultOptions(faults, rounds, orders, perSecond, postgresOutage, smtpOutage, brokers);
    }
}
