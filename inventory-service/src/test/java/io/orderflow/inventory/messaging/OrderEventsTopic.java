package io.orderflow.inventory.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.test.context.junit.jupiter.SpringExtension;

import io.orderflow.testsupport.EventContracts;

import static org.awaitility.Awaitility.await;

/**
 * Sends order events to {@code order-events} the way order-service does (built from the golden examples in
 * {@code contracts/}) and waits until inventory-service has consumed them. A test class registers it with
 * {@code @RegisterExtension static final OrderEventsTopic orderEvents = new OrderEventsTopic();}: it sends with the
 * service's own KafkaTemplate from before the first test to after the last.
 */
final class OrderEventsTopic implements BeforeAllCallback, AfterAllCallback {

    private KafkaTemplate<String, byte[]> kafka;
    private AdminClient admin;

    @Override
    @SuppressWarnings("unchecked") // the service's one template, which Spring Boot declares as KafkaTemplate<?, ?>
    public void beforeAll(ExtensionContext context) {
        ApplicationContext application = SpringExtension.getApplicationContext(context);
        kafka = application.getBean(KafkaTemplate.class);
        admin = AdminClient.create(application.getBean(KafkaAdmin.class).getConfigurationProperties());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }

    /** Sends an OrderPlaced for {@code lines} (sku to quantity) and returns where it landed. */
    RecordMetadata placeOrder(UUID eventId, UUID orderId, Map<String, Integer> lines) {
        return send(placement(eventId, orderId, lines)).join();
    }

    /** Sends an OrderPlaced of a new order for {@code lines} (sku to quantity) and returns the order's id. */
    UUID placeNewOrder(Map<String, Integer> lines) {
        UUID orderId = UUID.randomUUID();
        placeOrder(UUID.randomUUID(), orderId, lines);
        return orderId;
    }

    /** Builds the OrderPlaced record for {@code lines} (sku to quantity), in their iteration order. */
    static ProducerRecord<String, byte[]> placement(UUID eventId, UUID orderId, Map<String, Integer> lines) {
        List<Map<String, Object>> body = lines.entrySet().stream()
                .map(line -> Map.<String, Object>of("sku", line.getKey(), "quantity", line.getValue()))
                .toList();
        return example("OrderPlaced", eventId, orderId, Map.of("lines", body));
    }

    /** Sends an OrderCancelled and returns where it landed. */
    RecordMetadata cancelOrder(UUID eventId, UUID orderId) {
        return send(example("OrderCancelled", eventId, orderId, Map.of())).join();
    }

    /** Builds a record from the golden example of {@code type} for an order, with some body fields replaced. */
    static ProducerRecord<String, byte[]> example(String type, UUID eventId, UUID orderId,
            Map<String, Object> overrides) {
        var golden = EventContracts.exampleRecord(type, eventId.toString(), orderId.toString(), overrides);
        return new ProducerRecord<>(OrderEventsListener.ORDER_EVENTS, null, golden.key(), golden.value(),
                golden.headers());
    }

    /** Builds a record with the headers of an OrderPlaced and an arbitrary body. */
    static ProducerRecord<String, byte[]> withBody(UUID eventId, UUID orderId, byte[] body) {
        RecordHeaders headers = EventContracts.exampleRecord("OrderPlaced", eventId.toString(), orderId.toString(),
                Map.of()).headers();
        return new ProducerRecord<>(OrderEventsListener.ORDER_EVENTS, null, orderId.toString(), body, headers);
    }

    CompletableFuture<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        return kafka.send(record).thenApply(SendResult::getRecordMetadata);
    }

    /** Waits until inventory-service has committed its offset past every given record. */
    void awaitConsumed(RecordMetadata... records) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets(OrderEventsListener.CONSUMER)
                    .partitionsToOffsetAndMetadata().get();
            for (RecordMetadata record : records) {
                OffsetAndMetadata offset = committed.get(new TopicPartition(record.topic(), record.partition()));
                if (offset == null || offset.offset() <= record.offset()) {
                    return false;
                }
            }
            return true;
        });
    }
}
