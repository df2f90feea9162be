package io.orderflow.messaging.inbound;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import io.orderflow.messaging.MessagingDatabase;
import io.orderflow.messaging.inbox.Inbox;

class BatchEventListenerTests {

    @RegisterExtension
    final MessagingDatabase database = new MessagingDatabase();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ShipmentListener listener = new ShipmentListener(new InboundEventDispatcher(
            new Inbox(database.jdbc()), database.transactions(), JsonMapper.builder().build(),
            PersistenceContextReset.NONE, meters));

    @Test
    void handsAPollsNewEventsOfTheTypesItAcceptsToItsHandlerOnce() {
        ConsumerRecord<String, byte[]> shipped = record("io.orderflow.ParcelShipped", "{\"parcel\":\"p-1\"}");

        listener.dispatch(List.of(shipped));
        listener.dispatch(List.of(shipped));

        assertThat(listener.handled).containsExactly(List.of(new ParcelShipped("p-1")));
    }

    @Test
    void skipsTheTypesItLeavesToOthersUnread() {
        listener.dispatch(List.of(record("io.orderflow.ParcelLost", "not json")));

        assertThat(listener.handled).isEmpty();
        assertThat(meters.get("orderflow.messaging.events.skipped").tag("consumer", "shipping").counter().count())
                .isEqualTo(1);
    }

    @Test
    void showsTheTypesItHandlesAndSkips() {
        assertThat(listener.handlers().types()).containsExactly("io.orderflow.ParcelShipped");
        assertThat(listener.handlers().skippedTypes()).containsExactly("io.orderflow.ParcelLost");
    }

    private static ConsumerRecord<String, byte[]> record(String type, String body) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("parcel-events", 0, 0, "parcel-1",
                body.getBytes(UTF_8));
        Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_type", type, "ce_source",
                "/parcels", "ce_subject", "parcel-1", "content-type", "application/json")
                .forEach((name, value) -> record.headers().add(name, value.getBytes(UTF_8)));
        return record;
    }

    record ParcelShipped(String parcel) {
    }

    private static final class ShipmentListener extends BatchEventListener {

        final List<List<Object>> handled = new ArrayList<>();

        ShipmentListener(InboundEventDispatcher dispatcher) {
            super(dispatcher, EventHandlers.forConsumer("shipping").from("/parcels")
                    .accept("io.orderflow.ParcelShipped", ParcelShipped.class).skip("io.orderflow.ParcelLost"));
        }

        @Override
        protected void handle(List<InboundEvent<?>> events) {
            handled.add(events.stream().<Object>map(InboundEvent::data).toList());
        }
    }
}
