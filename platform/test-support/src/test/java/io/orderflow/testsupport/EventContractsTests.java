package io.orderflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Reads the fixture contracts of this module's test resources, under {@code contracts/}. */
class EventContractsTests {

    private static final String SHIPPED = "io.orderflow.ParcelShipped";

    @Test
    void listsTheTypesTheContractsDefineOnATopic() {
        assertThat(EventContracts.typesOn("parcel-events")).containsExactlyInAnyOrder(SHIPPED,
                "io.orderflow.ParcelLost");
        assertThatThrownBy(() -> EventContracts.typesOn("nobodys-topic"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void holdsAConsumerToHandleOrSkipEveryTypeOnItsTopicAndNoOther() {
        String lost = "io.orderflow.ParcelLost";
        EventContracts.assertHandlesOrSkipsEveryTypeOn("parcel-events", Set.of(SHIPPED), Set.of(lost));

        assertThatThrownBy(() -> EventContracts.assertHandlesOrSkipsEveryTypeOn("parcel-events", Set.of(SHIPPED),
                Set.of())).isInstanceOf(AssertionError.class).hasMessageContaining(lost);
        assertThatThrownBy(() -> EventContracts.assertHandlesOrSkipsEveryTypeOn("parcel-events",
                Set.of(SHIPPED, lost, "io.orderflow.ParcelFound"), Set.of()))
                .isInstanceOf(AssertionError.class).hasMessageContaining("ParcelFound");
        assertThatThrownBy(() -> EventContracts.assertHandlesOrSkipsEveryTypeOn("parcel-events",
                Set.of(SHIPPED, lost), Set.of(lost)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("handled and skipped at once");
    }

    @Test
    void turnsAGoldenExampleIntoTheRecordAProducerSendsForAnotherOrder() {
        String orderId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();

        EventContracts.GoldenRecord golden = EventContracts.exampleRecord(SHIPPED, eventId, orderId,
                Map.of("parcels", 3));

        assertThat(golden.key()).isEqualTo(orderId);
        assertThat(header(golden, "ce_id")).isEqualTo(eventId);
        assertThat(header(golden, "ce_type")).isEqualTo(SHIPPED);
        assertThat(header(golden, "ce_source")).isEqualTo("/parcel-service");
        assertThat(header(golden, "ce_subject")).isEqualTo(orderId);
        assertThat(new String(golden.value(), StandardCharsets.UTF_8)).contains("\"orderId\":\"" + orderId + "\"")
                .contains("\"parcels\":3").contains("\"carrier\":\"postal\"");
        EventContracts.assertConforms(record(golden.key(), golden));
    }

    @Test
    void failsARecordWhoseBodyBreaksItsSchemaOrWhoseKeyIsNotItsSubject() {
        String orderId = UUID.randomUUID().toString();
        EventContracts.GoldenRecord noParcels = EventContracts.exampleRecord(SHIPPED, UUID.randomUUID().toString(),
                orderId, Map.of("parcels", 0));
        EventContracts.GoldenRecord fine = EventContracts.exampleRecord(SHIPPED, UUID.randomUUID().toString(),
                orderId, Map.of());

        assertThatThrownBy(() -> EventContracts.assertConforms(record(orderId, noParcels)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("breaks its contract");
        assertThatThrownBy(() -> EventContracts.assertConforms(record("another-key", fine)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("not keyed by its ce_subject");
    }

    private static ConsumerRecord<String, byte[]> record(String key, EventContracts.GoldenRecord golden) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("parcel-events", 0, 0, key, golden.value());
        golden.headers().forEach(header -> record.headers().add(header));
        return record;
    }

    private static String header(EventContracts.GoldenRecord golden, String name) {
        return new String(golden.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
