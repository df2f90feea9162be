package io.orderflow.order.messaging;

import org.junit.jupiter.api.Test;

import io.orderflow.messaging.inbound.EventHandlers;
import io.orderflow.testsupport.EventContracts;

class InventoryEventsListenerContractTests {

    @Test
    void handlesOrSkipsEveryEventTypeTheContractsDefineOnInventoryEventsAndNoOther() {
        EventHandlers handlers = new InventoryEventsListener(null, null).handlers();
        EventContracts.assertHandlesOrSkipsEveryTypeOn("inventory-events", handlers.types(), handlers.skippedTypes());
    }
}
