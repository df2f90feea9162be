package io.orderflow.inventory.reservation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether an order's stock can be reserved: every line or none.
 *
 * <p>The decision is taken on stock levels that nobody else can change before the reservation is applied (the caller
 * holds the products' row locks), so a {@link Reserve} is a promise that every conditional update will succeed.
 */
public sealed interface ReservationDecision {

    /** Reserves every line; the lines are sorted by sku, the order in which their products are locked. */
    record Reserve(List<ReservedLine> lines) implements ReservationDecision {

        public Reserve {
            lines = List.copyOf(lines);
        }
    }

    /** Reserves nothing, because of every line listed, each unknown or short. */
    record Reject(List<Shortage> shortages) implements ReservationDecision {

        public Reject {
            shortages = List.copyOf(shortages);
        }
    }

    /**
     * Decides on the lines of one order.
     *
     * @param lines the order's lines; a sku appears at most once
     * @param stock the current stock level of every known product among the lines, by sku
     * @throws IllegalArgumentException if there are no lines or a sku appears twice
     */
    static ReservationDecision decide(List<OrderLine> lines, Map<String, StockLevel> stock) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("An order has at least one line");
        }
        Set<String> skus = new HashSet<>();
        List<ReservedLine> reserved = new ArrayList<>();
        List<Shortage> shortages = new ArrayList<>();
        for (OrderLine line : sortedBySku(lines)) {
            if (!skus.add(line.sku())) {
                throw new IllegalArgumentException("The sku " + line.sku() + " appears twice in one order");
            }
            StockLevel level = stock.get(line.sku());
            if (level == null) {
                shortages.add(new Shortage(line.sku(), line.quantity(), 0, true));
            }
            else if (level.available() < line.quantity()) {
                shortages.add(new Shortage(line.sku(), line.quantity(), level.available(), false));
            }
            else {
                reserved.add(new ReservedLine(line.sku(), line.quantity(), level.unitPrice()));
            }
        }
        return shortages.isEmpty() ? new Reserve(reserved) : new Reject(shortages);
    }

    /** Returns the lines in the order in which their products must be locked. */
    static List<OrderLine> sortedBySku(List<OrderLine> lines) {
        return lines.stream().sorted(Comparator.comparing(OrderLine::sku)).toList();
    }
}
