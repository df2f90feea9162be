package io.orderflow.localrun;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.orderflow.harness.JsonClient;

/** Writes a {@link JourneyCommand.Journey} as one screen of text, or as JSON. */
final class JourneyPrinter {

    private static final String NL = System.lineSeparator();

    private JourneyPrinter() {
    }

    /** Returns the journey as text: the order, its trace, its events in time order, then each service's rows. */
    static String text(JourneyCommand.Journey journey) {
        StringBuilder out = new StringBuilder();
        List<Map<String, Object>> order = journey.states().getFirst().rows("order");
        out.append("Order ").append(journey.orderId());
        if (order.isEmpty()) {
            out.append(": not in order-service's database");
        }
        else {
            Map<String, Object> row = order.getFirst();
            out.append("  ").append(row.get("status"));
            appendIf(out, " (", row.get("rejection_reason"), ")");
            appendIf(out, " (", row.get("cancellation_reason"), ")");
            out.append(NL).append("  customer ").append(row.get("customer_id")).append(" <")
                    .append(row.get("customer_email")).append(">");
            appendIf(out, ", total ", row.get("total"), " " + row.get("currency"));
            out.append(", created ").append(row.get("created_at")).append(", updated ").append(row.get("updated_at"));
        }
        out.append(NL);
        if (journey.traceIds().isEmpty()) {
            out.append("Trace: no trace (its events carry no traceparent header)").append(NL);
        }
        else {
            out.append("Trace ").append(String.join(", ", journey.traceIds()));
            appendIf(out, "  ", journey.traceUrl(), "");
            out.append(NL);
        }
        EventTrail.Reading trail = journey.trail();
        out.append(NL).append("Events, in time order (").append(trail.records()).append(" records read from ")
                .append(String.join(", ", trail.ranges())).append(" in ").append(journey.took().toMillis())
                .append(" ms)").append(NL);
        if (trail.events().isEmpty()) {
            out.append("  none").append(NL);
        }
        for (EventTrail.Event event : trail.events()) {
            Map<String, String> headers = event.headers();
            out.append(String.format("  %-24s  %-24s  %-36s %s%n", event.time(),
                    event.topic() + "/" + event.partition() + "@" + event.offset(),
                    headers.getOrDefault("ce_type", "(no ce_type)"), headers.getOrDefault("ce_source", "")));
            if (event.isDeadLetter()) {
                out.append("      DEAD LETTER ").append(headers.getOrDefault("orderflow-dlt-reason", "(no reason)"));
                appendIf(out, ": ", headers.get("kafka_dlt-exception-message"), "");
                out.append(" (from ").append(headers.get("origin"));
                appendIf(out, ", group ", headers.get("kafka_dlt-original-consumer-group"), "");
                out.append(")").append(NL);
            }
            out.append("      ");
            if (!event.passedBy().isEmpty()) {
                out.append("passed by ").append(String.join(", ", event.passedBy()));
            }
            if (!event.notYetBy().isEmpty()) {
                out.append(event.passedBy().isEmpty() ? "" : "; ").append("NOT YET passed by ")
                        .append(String.join(", ", event.notYetBy()));
            }
            if (event.passedBy().isEmpty() && event.notYetBy().isEmpty()) {
                out.append("read by no consumer group");
            }
            out.append(NL);
        }
        for (DatabaseState.ServiceState state : journey.states()) {
            out.append(NL).append(state.service()).append(NL);
            if (state.unavailable() != null) {
                out.append("  database unavailable: ").append(state.unavailable()).append(NL);
            }
            state.tables().forEach((table, rows) -> {
                if (table.equals("order") || table.startsWith("outbox") && rows.isEmpty()) {
                    return;
                }
                out.append(String.format("  %-14s", table)).append(rows.isEmpty() ? "none" : "");
                String indent = "";
                for (Map<String, Object> row : rows) {
                    out.append(indent).append(line(row)).append(NL);
                    indent = " ".repeat(16);
                }
                if (rows.isEmpty()) {
                    out.append(NL);
                }
            });
        }
        if (journey.states().stream().allMatch(state -> state.rows("outboxWaiting").isEmpty()
                && state.rows("outboxParked").isEmpty())) {
            out.append(NL).append("Outboxes: nothing of this order waits or is parked").append(NL);
        }
        return out.toString();
    }

    /** Returns the journey as pretty-printed JSON, with the same data as the text. */
    static String json(JourneyCommand.Journey journey) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("orderId", journey.orderId());
        root.put("traceIds", journey.traceIds());
        root.put("traceUrl", journey.traceUrl());
        List<Map<String, Object>> events = new ArrayList<>();
        for (EventTrail.Event event : journey.trail().events()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("time", event.time().toString());
            entry.put("topic", event.topic());
            entry.put("partition", event.partition());
            entry.put("offset", event.offset());
            entry.put("type", event.headers().get("ce_type"));
            entry.put("source", event.headers().get("ce_source"));
            entry.put("deadLetter", event.isDeadLetter());
            entry.put("headers", event.headers());
            entry.put("passedBy", event.passedBy());
            entry.put("notYetPassedBy", event.notYetBy());
            events.add(entry);
        }
        root.put("events", events);
        Map<String, Object> services = new LinkedHashMap<>();
        for (DatabaseState.ServiceState state : journey.states()) {
            Map<String, Object> tables = new LinkedHashMap<>(state.tables());
            if (state.unavailable() != null) {
                tables.put("unavailable", state.unavailable());
            }
            services.put(state.service(), tables);
        }
        root.put("services", services);
        Map<String, Object> read = new LinkedHashMap<>();
        read.put("from", journey.window().from() == null ? null : journey.window().from().toString());
        read.put("until", journey.window().until() == null ? null : journey.window().until().toString());
        read.put("partitions", journey.trail().ranges());
        read.put("records", journey.trail().records());
        read.put("millis", journey.took().toMillis());
        root.put("read", read);
        return JsonClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + NL;
    }

    private static String line(Map<String, Object> row) {
        return row.entrySet().stream().filter(entry -> entry.getValue() != null)
                .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(" "));
    }

    private static void appendIf(StringBuilder out, String before, Object value, String after) {
        if (value != null) {
            out.append(before).append(value).append(after);
        }
    }
}
