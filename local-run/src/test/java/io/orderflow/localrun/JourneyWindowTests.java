package io.orderflow.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JourneyWindowTests {

    private static final String CREATED = "2026-12-07T10:00:00Z";

    @Test
    void readsASettledOrderFromTenSecondsBeforeItsFirstRowToAMinuteAfterItsLastChange() {
        EventTrail.Window window = JourneyCommand.window(states("CONFIRMED", "2026-12-07T10:00:01Z", List.of()));

        assertThat(window.from()).isEqualTo(Instant.parse("2026-12-07T09:59:50Z"));
        assertThat(window.until()).isEqualTo(Instant.parse("2026-12-07T10:01:01Z"));
    }

    @Test
    void readsAPendingOrderToTheEndOfItsPartitions() {
        EventTrail.Window window = JourneyCommand.window(states("PENDING", CREATED, List.of()));

        assertThat(window.from()).isEqualTo(Instant.parse("2026-12-07T09:59:50Z"));
        assertThat(window.until()).isNull();
    }

    @Test
    void readsAFinalOrderWhoseEventStillWaitsInAnOutboxToTheEnd() {
        EventTrail.Window window = JourneyCommand.window(states("CANCELLED", "2026-12-07T10:05:00Z",
                List.of(Map.of("occurred_at", "2026-12-07T10:05:00Z"))));

        assertThat(window.until()).isNull();
    }

    @Test
    void readsAnOrderThatNoDatabaseKnowsFromTheBeginningToTheEnd() {
        List<DatabaseState.ServiceState> nothing = List.of(
                new DatabaseState.ServiceState("order-service", Map.of("order", List.of()), null),
                new DatabaseState.ServiceState("inventory-service", Map.of(), "inventory: connection refused"));

        EventTrail.Window window = JourneyCommand.window(nothing);

        assertThat(window.from()).isNull();
        assertThat(window.until()).isNull();
    }

    private static List<DatabaseState.ServiceState> states(String status, String ledgerUpdated,
            List<Map<String, Object>> waitingInInventory) {
        Map<String, Object> order = Map.of("status", status, "created_at", CREATED, "updated_at", CREATED);
        Map<String, Object> ledger = Map.of("status", "RESERVED", "created_at", CREATED, "updated_at", ledgerUpdated);
        return List.of(
                new DatabaseState.ServiceState("order-service", Map.of("order", List.of(order)), null),
                new DatabaseState.ServiceState("inventory-service",
                        Map.of("ledger", List.of(ledger), "outboxWaiting", waitingInInventory), null));
    }
}
