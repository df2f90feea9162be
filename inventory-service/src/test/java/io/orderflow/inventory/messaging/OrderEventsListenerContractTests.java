package io.orderflow.inventory.messaging;

import org.junit.jupiter.api.Test;

import io.orderflow.messaging.inbound.EventHandlers;
import io.orderflow.testsupport.EventContracts;

class OrderEventsListenerContractTests {

    @Test
    void handlesOrSkipsEveryEventTypeTheContractsDefineOnOrderEventsAndNoOther() {
        EventHandlers handlers = new OrderEventsListener(null, null).handlers();
        EventContracts.assertHandlesOrSkipsEveryTypeOn("order-events", handlers.types(), handlers.skippedTypes());
    }
}
