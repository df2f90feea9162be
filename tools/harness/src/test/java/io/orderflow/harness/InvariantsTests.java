package io.orderflow.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.orderflow.harness.Invariants.FinalOrder;
import io.orderflow.harness.Invariants.Notification;
import io.orderflow.harness.Invariants.ProductState;
import io.orderflow.harness.Invariants.Verdict;

class InvariantsTests {

    private final List<FinalOrder> orders = List.of(
            new FinalOrder("1", "CONFIRMED", Map.of("A", 2, "B", 1)),
            new FinalOrder("2", "CONFIRMED", Map.of("A", 3)),
            new FinalOrder("3", "CANCELLED", Map.of("A", 1, "B", 3)),
            new FinalOrder("4", "REJECTED", Map.of("B", 2, "Z", 1)));

    @Test
    void onlyConfirmedOrdersHoldStock() {
        assertThat(Invariants.confirmedQuantities(orders)).isEqualTo(Map.of("A", 5L, "B", 1L));
    }

    @Test
    void stockThatAddsUpPasses() {
        Map<String, Long> initial = Map.of("A", 100L, "B", 10L, "Z", 0L);
        Map<String, ProductState> actual = Map.of("A", new ProductState("A", 95, 5), "B", new ProductState("B", 9, 1),
                "Z", new ProductState("Z", 0, 0));
        assertThat(Invariants.checkStock(initial, actual, Invariants.confirmedQuantities(orders))).isEmpty();
    }

    @Test
    void lostReleaseLeakedStockNegativeStockAndMissingProductsAreViolations() {
        Map<String, Long> initial = Map.of("A", 100L, "B", 10L, "Z", 0L, "Y", 5L);
        Map<String, ProductState> actual = Map.of(
                // the cancelled order's unit of A was never released
                "A", new ProductState("A", 94, 6),
                // a unit vanished
                "B", new ProductState("B", 8, 1),
                "Z", new ProductState("Z", -1, 1));
        List<String> violations = Invariants.checkStock(initial, actual, Invariants.confirmedQuantities(orders));
        assertThat(violations).anyMatch(v -> v.startsWith("A: reserved 6, but the CONFIRMED orders took 5"));
        assertThat(violations).anyMatch(v -> v.startsWith("B: available 8 + reserved 1 = 9"));
        assertThat(violations).anyMatch(v -> v.startsWith("Z: available is negative"));
        assertThat(violations).anyMatch(v -> v.startsWith("Z: reserved 1, but the CONFIRMED orders took 0"));
        assertThat(violations).contains("Y: product not found");
    }

    @Test
    void oneSentEMailOfTheFinalTypeIsRight() {
        assertThat(Invariants.checkNotifications("CONFIRMED", true,
                List.of(new Notification("ORDER_CONFIRMED", "SENT"))).verdict()).isEqualTo(Verdict.OK);
        assertThat(Invariants.checkNotifications("REJECTED", false,
                List.of(new Notification("ORDER_REJECTED", "SENT"))).verdict()).isEqualTo(Verdict.OK);
        assertThat(Invariants.checkNotifications("CANCELLED", false,
                List.of(new Notification("ORDER_CANCELLED", "SENT"))).verdict()).isEqualTo(Verdict.OK);
        // confirmed before the cancel: one of each
        assertThat(Invariants.checkNotifications("CANCELLED", true, List.of(new Notification("ORDER_CONFIRMED", "SENT"),
                new Notification("ORDER_CANCELLED", "SENT"))).verdict()).isEqualTo(Verdict.OK);
        // confirmed before the cancel, though the event was not seen by this run
        assertThat(Invariants.checkNotifications("CANCELLED", false, List.of(new Notification("ORDER_CONFIRMED",
                "SENT"), new Notification("ORDER_CANCELLED", "SENT"))).verdict()).isEqualTo(Verdict.OK);
    }

    @Test
    void missingOrUnsentEMailsAreAskedAgain() {
        assertThat(Invariants.checkNotifications("CONFIRMED", true, List.of()).verdict())
                .isEqualTo(Verdict.INCOMPLETE);
        assertThat(Invariants.checkNotifications("CONFIRMED", true,
                List.of(new Notification("ORDER_CONFIRMED", "PENDING"))).verdict()).isEqualTo(Verdict.INCOMPLETE);
        assertThat(Invariants.checkNotifications("CANCELLED", true,
                List.of(new Notification("ORDER_CANCELLED", "SENT"))).verdict()).isEqualTo(Verdict.INCOMPLETE);
    }

    @Test
    void duplicatesWrongTypesAndFailuresAreViolations() {
        assertThat(Invariants.checkNotifications("CONFIRMED", true, List.of(new Notification("ORDER_CONFIRMED", "SENT"),
                new Notification("ORDER_CONFIRMED", "SENT"))).verdict()).isEqualTo(Verdict.VIOLATION);
        assertThat(Invariants.checkNotifications("CONFIRMED", true, List.of(new Notification("ORDER_CONFIRMED", "SENT"),
                new Notification("ORDER_REJECTED", "SENT"))).verdict()).isEqualTo(Verdict.VIOLATION);
        assertThat(Invariants.checkNotifications("REJECTED", false,
                List.of(new Notification("ORDER_REJECTED", "FAILED"))).verdict()).isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void lagIsEndMinusCommittedPerPartition() {
        assertThat(Invariants.lag(Map.of("t-0", 10L, "t-1", 5L), Map.of("t-0", 10L, "t-1", 8L))).isEqualTo(3);
        assertThat(Invariants.lag(Map.of("t-0", 10L), Map.of("t-0", 10L))).isZero();
    }

    @Test
    void aPartitionWithoutCommittedOffsetLagsByItsWholeEnd() {
        assertThat(Invariants.lagByPartition(Map.of("t-0", 10L), Map.of("t-0", 10L, "t-1", 4L)))
                .isEqualTo(Map.of("t-0", 0L, "t-1", 4L));
    }
}
