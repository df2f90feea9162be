package io.orderflow.inventory.reservation;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ReservationDecisionTests {

    private static final BigDecimal MUG_PRICE = new BigDecimal("12.50");
    private static final BigDecimal PLATE_PRICE = new BigDecimal("4.99");

    private final Map<String, StockLevel> stock = Map.of(
            "MUG", new StockLevel("MUG", 10, MUG_PRICE),
            "PLATE", new StockLevel("PLATE", 1, PLATE_PRICE));

    @Test
    void reservesEveryLineWhenAllAreAvailable() {
        var decision = ReservationDecision.decide(List.of(new OrderLine("PLATE", 1), new OrderLine("MUG", 2)), stock);

        assertThat(decision).isEqualTo(new ReservationDecision.Reserve(List.of(
                new ReservedLine("MUG", 2, MUG_PRICE), new ReservedLine("PLATE", 1, PLATE_PRICE))));
    }

    @Test
    void reservesALineThatTakesTheLastItem() {
        var decision = ReservationDecision.decide(List.of(new OrderLine("PLATE", 1)), stock);

        assertThat(decision).isInstanceOf(ReservationDecision.Reserve.class);
    }

    @Test
    void rejectsOrderWhenAnySkuIsShort() {
        var decision = ReservationDecision.decide(List.of(new OrderLine("MUG", 2), new OrderLine("PLATE", 2)), stock);

        assertThat(decision).isEqualTo(new ReservationDecision.Reject(List.of(new Shortage("PLATE", 2, 1, false))));
    }

    @Test
    void rejectsOrderWithAnUnknownSkuAsHavingNothingAvailable() {
        var decision = ReservationDecision.decide(List.of(new OrderLine("MUG", 1), new OrderLine("NOPE", 1)), stock);

        assertThat(decision).isEqualTo(new ReservationDecision.Reject(List.of(new Shortage("NOPE", 1, 0, true))));
    }

    @Test
    void listsEveryShortOrUnknownSkuSortedBySku() {
        var decision = ReservationDecision.decide(List.of(new OrderLine("PLATE", 5), new OrderLine("MUG", 11),
                new OrderLine("CUP", 1)), stock);

        assertThat(decision).isEqualTo(new ReservationDecision.Reject(List.of(new Shortage("CUP", 1, 0, true),
                new Shortage("MUG", 11, 10, false), new Shortage("PLATE", 5, 1, false))));
    }

    @Test
    void refusesAnOrderThatNamesASkuTwice() {
        assertThatIllegalArgumentException().isThrownBy(() -> ReservationDecision.decide(
                List.of(new OrderLine("MUG", 1), new OrderLine("MUG", 1)), stock));
    }

    @Test
    void refusesAnOrderWithoutLines() {
        assertThatIllegalArgumentException().isThrownBy(() -> ReservationDecision.decide(List.of(), stock));
    }

    @Test
    void sortsLinesBySkuTheWayTheDatabaseLocksThem() {
        var sorted = ReservationDecision.sortedBySku(List.of(new OrderLine("b", 1), new OrderLine("B", 1),
                new OrderLine("a-1", 1), new OrderLine("A.1", 1), new OrderLine("9", 1)));

        // byte order, as PostgreSQL's "C" collation sorts the sku column
        assertThat(sorted).extracting(OrderLine::sku).containsExactly("9", "A.1", "B", "a-1", "b");
    }
}
