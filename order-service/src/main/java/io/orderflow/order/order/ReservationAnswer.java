package io.orderflow.order.order;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Inventory's answer to the reservation of an order's stock. */
public sealed interface ReservationAnswer {

    /** Returns the order the answer is about. */
    UUID orderId();

    /** Every line is reserved, at these unit prices by sku. */
    record Reserved(UUID orderId, Map<String, BigDecimal> unitPrices) implements ReservationAnswer {

        public Reserved {
            Objects.requireNonNull(orderId, "orderId");
            unitPrices = Map.copyOf(unitPrices);
        }
    }

    /** Nothing is reserved, for this reason. */
    record Refused(UUID orderId, String reason) implements ReservationAnswer {

        public Refused {
            Objects.requireNonNull(orderId, "orderId");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
