package io.orderflow.messaging.outbox;

import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.Map;

import org.junit.jupiter.api.Test;

class OutgoingEventTests {

    @Test
    void refusesAnEventWithoutTopicTypeSubjectOrData() {
        Map<String, Object> data = Map.of("orderId", "order-1");

        assertThatNullPointerException().isThrownBy(() -> new OutgoingEvent(null, "io.orderflow.T", "order-1", data))
                .withMessage("topic");
        assertThatNullPointerException().isThrownBy(() -> new OutgoingEvent("order-events", null, "order-1", data))
                .withMessage("type");
        assertThatNullPointerException().isThrownBy(() -> new OutgoingEvent("order-events", "io.orderflow.T", null,
                data)).withMessage("subject");
        assertThatNullPointerException().isThrownBy(() -> new OutgoingEvent("order-events", "io.orderflow.T",
                "order-1", null)).withMessage("data");
    }
}
