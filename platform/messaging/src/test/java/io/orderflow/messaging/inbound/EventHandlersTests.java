package io.orderflow.messaging.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class EventHandlersTests {

    record Placed(String orderId) {
    }

    record Cancelled(String orderId) {
    }

    @Test
    void mapsEachHandledTypeToItsClassAndHandler() {
        List<InboundEvent<Placed>> handled = new ArrayList<>();
        EventHandlers handlers = EventHandlers.forConsumer("inventory")
                .on("io.orderflow.OrderPlaced", Placed.class, handled::add);
        InboundEvent<Placed> event = new InboundEvent<>(UUID.randomUUID(), "io.orderflow.OrderPlaced", "order-1",
                OffsetDateTime.now(), new Placed("order-1"));

        EventHandlers.Registration<?> registration = handlers.registration("io.orderflow.OrderPlaced").orElseThrow();
        registration.handle(event);

        assertThat(handlers.consumer()).isEqualTo("inventory");
        assertThat(registration.dataClass()).isEqualTo(Placed.class);
        assertThat(handled).containsExactly(event);
        assertThat(handlers.registration("io.orderflow.OrderCancelled")).isEmpty();
    }

    @Test
    void handsAcceptedTypesToTheBatchHandler() {
        List<List<InboundEvent<?>>> batches = new ArrayList<>();
        EventHandlers handlers = EventHandlers.forConsumer("notifications")
                .accept("io.orderflow.OrderPlaced", Placed.class)
                .accept("io.orderflow.OrderCancelled", Cancelled.class)
                .inBatches(batches::add);

        handlers.batchHandler().accept(List.of());

        assertThat(handlers.types()).containsExactlyInAnyOrder("io.orderflow.OrderPlaced",
                "io.orderflow.OrderCancelled");
        assertThat(handlers.registration("io.orderflow.OrderCancelled").orElseThrow().dataClass())
                .isEqualTo(Cancelled.class);
        assertThat(batches).hasSize(1);
    }

    @Test
    void skipsTheTypesItLeavesToOthersAndTrustsOneSource() {
        EventHandlers handlers = EventHandlers.forConsumer("inventory")
                .on("io.orderflow.OrderPlaced", Placed.class, event -> { })
                .skip("io.orderflow.OrderConfirmed", "io.orderflow.OrderRejected")
                .from("/order-service");

        assertThat(handlers.skips("io.orderflow.OrderConfirmed")).isTrue();
        assertThat(handlers.skips("io.orderflow.OrderPlaced")).isFalse();
        assertThat(handlers.skippedTypes()).containsExactlyInAnyOrder("io.orderflow.OrderConfirmed",
                "io.orderflow.OrderRejected");
        assertThat(handlers.trustedSource()).isEqualTo("/order-service");
        assertThat(EventHandlers.forConsumer("anyone").trustedSource()).isNull();
    }
}
