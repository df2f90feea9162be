package io.orderflow.harness;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Holds the arithmetic of Orderflow's promises, apart from how their input is gathered: the audit reads the databases
 * and the broker, the benchmark the services' APIs, and both judge here.
 */
public final class Invariants {

    /** The statuses an order ends in. */
    public static final Set<String> FINAL_STATUSES = Set.of("CONFIRMED", "REJECTED", "CANCELLED");

    private Invariants() {
    }

    /** A product's stock as the inventory holds it. */
    public record ProductState(String sku, long available, long reserved) {
    }

    /** An order's status and its quantity per sku. */
    public record FinalOrder(String id, String status, Map<String, Integer> lines) {
    }

    /** A notification of an order: its type and its status. */
    public record Notification(String type, String status) {
    }

    /** Per sku, the quantities of the orders that ended CONFIRMED (cancelled ones released theirs). */
    public static Map<String, Long> confirmedQuantities(Collection<FinalOrder> orders) {
        Map<String, Long> out = new HashMap<>();
        for (FinalOrder order : orders) {
            if ("CONFIRMED".equals(order.status())) {
                order.lines().forEach((sku, quantity) -> out.merge(sku, (long) quantity, Long::sum));
            }
        }
        return out;
    }

    /**
     * For every sku of {@code stockPutIn} (its stock at the start, plus any adjustment): stock put in == available +
     * reserved, nothing negative, and reserved == what CONFIRMED orders took.
     */
    public static List<String> checkStock(Map<String, Long> stockPutIn, Map<String, ProductState> actual,
            Map<String, Long> confirmedQuantities) {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, Long> entry : new TreeMap<>(stockPutIn).entrySet()) {
            String sku = entry.getKey();
            long putIn = entry.getValue();
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
            if (state.available() + state.reserved() != putIn) {
                violations.add(sku + ": available " + state.available() + " + reserved " + state.reserved() + " = "
                        + (state.available() + state.reserved()) + ", but the stock put in was " + putIn);
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
     * Checks exactly one notification per (order, type): the one of the final status, plus ORDER_CONFIRMED for a
     * cancelled order that had been confirmed ({@code confirmedSeen}, else allowed); each SENT.
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
                    // confirmed before the cancel arrived, though the caller did not see the event
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

    /**
     * Returns a group's lag per partition: the end offset minus the committed one, never below 0; a partition with no
     * committed offset lags by its whole end offset.
     */
    public static <P> Map<P, Long> lagByPartition(Map<P, Long> committed, Map<P, Long> endOffsets) {
        Map<P, Long> lags = new HashMap<>();
        endOffsets.forEach((partition, end) -> lags.put(partition,
                Math.max(0, end - committed.getOrDefault(partition, 0L))));
        return lags;
    }

    /** Returns the total of {@link #lagByPartition}. */
    public static <P> long lag(Map<P, Long> committed, Map<P, Long> endOffsets) {
        return lagByPartition(committed, endOffsets).values().stream().mapToLong(Long::longValue).sum();
    }
}
