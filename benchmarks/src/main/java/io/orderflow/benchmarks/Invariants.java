package io.orderflow.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.orderflow.benchmarks.OrderGenerator.Kind;
import io.orderflow.benchmarks.OrderGenerator.Line;

/** The arithmetic of the after-run checks, kept apart from the HTTP calls that gather their input. */
public final class Invariants {

    private Invariants() {
    }

    /** A product as GET /api/products/{sku} shows it. */
    public record ProductState(String sku, long available, long reserved) {
    }

    /** An order's final status and lines. */
    public record FinalOrder(String id, String status, List<Line> lines) {
    }

    /** A notification as GET /api/notifications lists it. */
    public record Notification(String type, String status) {
    }

    /** What an order must end as, given how it was made. */
    public static String expectedStatus(Kind kind) {
        return switch (kind) {
            case NORMAL -> "CONFIRMED";
            case REJECT -> "REJECTED";
            case CANCEL -> "CANCELLED";
        };
    }

    /** Per sku, the quantities of the orders that ended CONFIRMED (cancelled ones released theirs). */
    public static Map<String, Long> confirmedQuantities(List<FinalOrder> orders) {
        Map<String, Long> out = new HashMap<>();
        for (FinalOrder order : orders) {
            if ("CONFIRMED".equals(order.status())) {
                for (Line line : order.lines()) {
                    out.merge(line.sku(), (long) line.quantity(), Long::sum);
                }
            }
        }
        return out;
    }

    /**
     * For every sku created for the run: stock at start == available + reserved (only reservations move stock during
     * a run), nothing negative, and reserved == what CONFIRMED orders took.
     */
    public static List<String> checkStock(Map<String, Long> initialStock, Map<String, ProductState> actual,
            Map<String, Long> confirmedQuantities) {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, Long> entry : new TreeMap<>(initialStock).entrySet()) {
            String sku = entry.getKey();
            long initial = entry.getValue();
            ProductState state = actual.get(sku);
            if (state == null) {
                violations.add(sku + ": product not found");
                continue;
            }
            if (state.available() < 0) {
                violations.add(sku + ": available is negative (" + state.available() + ")");
            }
            if (state.reserved() < 0) {
                violations.add(sku + ": reserved is negative (" + state.reserved() + ")");
            }
            if (state.available() + state.reserved() != initial) {
                violations.add(sku + ": available " + state.available() + " + reserved " + state.reserved() + " = "
                        + (state.available() + state.reserved()) + ", but the stock at start was " + initial);
            }
            long taken = confirmedQuantities.getOrDefault(sku, 0L);
            if (state.reserved() != taken) {
                violations.add(sku + ": reserved " + state.reserved() + ", but the CONFIRMED orders took " + taken);
            }
        }
        return violations;
    }

    /** The verdict of one order's notifications. */
    public enum Verdict {
        OK,
        /** something is missing or not sent yet: ask again later */
        INCOMPLETE,
        /** a duplicate, a wrong type or a FAILED e-mail: asking again will not help */
        VIOLATION
    }

    /** A verdict with what is wrong. */
    public record NotificationCheck(Verdict verdict, String detail) {
    }

    /**
     * Exactly one notification per (order, type): the one of the final status, plus ORDER_CONFIRMED for a cancelled
     * order that had been confirmed; each SENT.
     */
    public static NotificationCheck checkNotifications(String finalStatus, boolean confirmedSeen,
            List<Notification> notifications) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Notification n : notifications) {
            counts.merge(n.type(), 1, Integer::sum);
        }
        List<String> required = new ArrayList<>();
        List<String> allowed = new ArrayList<>();
        switch (finalStatus) {
            case "CONFIRMED" -> required.add("ORDER_CONFIRMED");
            case "REJECTED" -> required.add("ORDER_REJECTED");
            case "CANCELLED" -> {
                required.add("ORDER_CANCELLED");
                if (confirmedSeen) {
                    required.add("ORDER_CONFIRMED");
                }
                else {
                    // confirmed before the cancel arrived, though this run did not see the event
                    allowed.add("ORDER_CONFIRMED");
                }
            }
            default -> {
                return new NotificationCheck(Verdict.INCOMPLETE, "order is " + finalStatus);
            }
        }
        for (Map.Entry<String, Integer> count : counts.entrySet()) {
            if (count.getValue() > 1) {
                return new NotificationCheck(Verdict.VIOLATION, count.getValue() + " notifications of type "
                        + count.getKey());
            }
            if (!required.contains(count.getKey()) && !allowed.contains(count.getKey())) {
                return new NotificationCheck(Verdict.VIOLATION, "a notification of type " + count.getKey()
                        + " for a " + finalStatus + " order");
            }
        }
        for (Notification n : notifications) {
            if ("FAILED".equals(n.status())) {
                return new NotificationCheck(Verdict.VIOLATION, n.type() + " e-mail FAILED");
            }
        }
        for (String type : required) {
            if (!counts.containsKey(type)) {
                return new NotificationCheck(Verdict.INCOMPLETE, "no " + type + " notification");
            }
        }
        for (Notification n : notifications) {
            if (!"SENT".equals(n.status())) {
                return new NotificationCheck(Verdict.INCOMPLETE, n.type() + " e-mail is " + n.status());
            }
        }
        return new NotificationCheck(Verdict.OK, "");
    }

    /** The total lag of a group: per partition, the end offset minus the committed one (never below 0). */
    public static long lag(Map<String, Long> committed, Map<String, Long> endOffsets) {
        long total = 0;
        for (Map.Entry<String, Long> entry : committed.entrySet()) {
            Long end = endOffsets.get(entry.getKey());
            if (end != null) {
                total += Math.max(0, end - entry.getValue());
            }
        }
        return total;
    }
}
