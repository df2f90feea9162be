package io.orderflow.localrun;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Runs {@code ./orderflow journey ORDER_ID [--json]}: one order's path through Orderflow. It reads the three services'
 * databases first, whose times bound the window of the event topics to read ({@link EventTrail}), then the order's
 * events and dead letters and how far each consumer group has got.
 */
final class JourneyCommand {

    /** How much earlier than its first row an order's first event may be stamped (clocks of other hosts). */
    static final Duration BEFORE_FIRST_ROW = Duration.ofSeconds(10);
    /** How long after the last change of a settled order its last event may be sent (the relay's delay). */
    static final Duration AFTER_LAST_ROW = Duration.ofSeconds(60);

    private JourneyCommand() {
    }

    /**
     * Everything known about one order.
     *
     * @param states what each service's database holds, order-service's first
     * @param traceIds the distinct trace ids of its events' {@code traceparent} headers, oldest event's first
     * @param traceUrl a link to the first trace, when {@code ORDERFLOW_TRACE_URL} names a trace server
     * @param window the time window of the event topics that was read
     * @param took how long the reading took
     */
    record Journey(String orderId, List<DatabaseState.ServiceState> states, EventTrail.Reading trail,
            List<String> traceIds, String traceUrl, EventTrail.Window window, Duration took) {

        /** Tells whether anything at all was found: a row in a database or a record on a topic. */
        boolean found() {
            return !trail.events().isEmpty() || states.stream().flatMap(state -> state.tables().values().stream())
                    .anyMatch(rows -> !rows.isEmpty());
        }
    }

    /** Prints the journey of the order named in {@code options}; exits with 1 when nothing of it was found. */
    static void run(LocalSettings settings, List<String> options) throws Exception {
        String orderId = null;
        boolean json = false;
        for (String option : options) {
            if (option.equals("--json")) {
                json = true;
            }
            else if (option.startsWith("--") || orderId != null) {
                throw new LocalRun.UsageError("Unknown option for journey: " + option);
            }
            else {
                orderId = option;
            }
        }
        if (orderId == null) {
            throw new LocalRun.UsageError("Name the order: journey ORDER_ID [--json]");
        }
        Journey journey = trace(DatabaseState.of(settings), KafkaEndpoint.forOps(settings), orderId,
                settings.environment().get("ORDERFLOW_TRACE_URL"));
        System.out.print(json ? JourneyPrinter.json(journey) : JourneyPrinter.text(journey));
        if (!journey.found()) {
            System.exit(1);
        }
    }

    /** Reads the journey of {@code orderId}; {@code traceUrl} is a trace page's URL with {@code {traceId}}, or null. */
    static Journey trace(DatabaseState databases, KafkaEndpoint kafka, String orderId, String traceUrl)
            throws Exception {
        long started = System.nanoTime();
        // the databases' rows bound the window to read; meanwhile the broker is asked where to read
        CompletableFuture<List<DatabaseState.ServiceState>> rows = CompletableFuture.supplyAsync(
                () -> databases.read(orderId));
        List<DatabaseState.ServiceState> states;
        EventTrail.Window window;
        EventTrail.Reading trail;
        try (EventTrail events = EventTrail.open(kafka, orderId)) {
            states = rows.join();
            window = window(states);
            trail = events.read(window);
        }
        List<String> traceIds = trail.events().stream().map(event -> event.headers().get("traceparent"))
                .filter(Objects::nonNull).map(JourneyCommand::traceId).filter(Objects::nonNull).distinct().toList();
        String link = traceIds.isEmpty() || traceUrl == null || traceUrl.isBlank() ? null
                : traceUrl.contains("{traceId}") ? traceUrl.replace("{traceId}", traceIds.getFirst())
                : traceUrl + traceIds.getFirst();
        return new Journey(orderId, states, trail, traceIds, link, window,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Returns the window of the order's events: from a little before its first row; for a settled order (final, its
     * outbox drained) until a while after its last change, for any other up to the topics' end.
     */
    static EventTrail.Window window(List<DatabaseState.ServiceState> states) {
        Instant first = DatabaseState.earliest(states);
        Instant last = DatabaseState.latest(states);
        return new EventTrail.Window(first == null ? null : first.minus(BEFORE_FIRST_ROW),
                last == null || !DatabaseState.settled(states) ? null : last.plus(AFTER_LAST_ROW));
    }

    /** Returns the trace id of a W3C {@code traceparent} ({@code version-traceid-spanid-flags}), or null. */
    static String traceId(String traceparent) {
        String[] parts = traceparent.trim().split("-");
        return parts.length == 4 && parts[1].matches("[0-9a-f]{32}") ? parts[1] : null;
    }
}
