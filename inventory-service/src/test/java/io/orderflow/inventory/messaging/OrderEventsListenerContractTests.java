package io.orderflow.inventory.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.orderflow.messaging.inbound.EventHandlers;
import io.orderflow.testsupport.EventContracts;

class OrderEventsListenerContractTests {

    @Test
    void handlesOrSkipsEveryEventTypeTheContractsDefineOnOrderEventsAndNoOther() {
        EventHandlers handlers = new OrderEventsListener(null, null).handlers();

        Set<String> known = new HashSet<>(handlers.types());
        known.addAll(handlers.skippedTypes());

        assertThat(handlers.types()).doesNotContainAnyElementsOf(handlers.skippedTypes());
        assertThat(known).isEqualTo(EventContracts.typesOn("order-events"));
    }
}
