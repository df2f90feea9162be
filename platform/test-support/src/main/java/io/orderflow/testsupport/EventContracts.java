package io.orderflow.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads the event contracts in {@code contracts/} (on the test class path under {@code contracts/}): validates event
 * bodies against their JSON Schema and turns golden examples into Kafka records.
 */
public final class EventContracts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

    private EventContracts() {
    }

    /**
     * Returns the violations of {@code body} against the schema of {@code ceType} (for example
     * {@code io.orderflow.OrderPlaced}); empty when it conforms.
     */
    private static Set<String> violations(String ceType, byte[] body) {
        JsonSchema schema = SCHEMAS.computeIfAbsent(simpleName(ceType), EventContracts::loadSchema);
        try {
            JsonNode node = JSON.readTree(body);
            return schema.validate(node).stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
        }
        catch (IOException ex) {
            return Set.of("not JSON: " + ex.getMessage());
        }
    }

    /** Throws an {@link AssertionError} unless the record's body conforms to the schema its {@code ce_type} names. */
    public static void assertConforms(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader("ce_type");
        if (type == null) {
            throw new AssertionError("record without ce_type: " + record);
        }
        String ceType = new String(type.value(), StandardCharsets.UTF_8);
        Set<String> violations = violations(ceType, record.value());
        if (!violations.isEmpty()) {
            throw new AssertionError(ceType + " breaks its contract: " + violations + "\n"
                    + new String(record.value(), StandardCharsets.UTF_8));
        }
        Header subject = record.headers().lastHeader("ce_subject");
        if (subject == null || !new String(subject.value(), StandardCharsets.UTF_8).equals(record.key())) {
            throw new AssertionError(ceType + " is not keyed by its ce_subject: " + record);
        }
    }

    /** Returns the golden example of an event type as a structured CloudEvent JSON tree. */
    private static JsonNode example(String typeName) {
        try (InputStream in = resource("contracts/examples/" + simpleName(typeName) + ".json")) {
            return JSON.readTree(in);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Turns the golden example of an event type into the binary-mode Kafka record a producer would send, with
     * {@code subject} as order id and {@code id} as event id, so that tests can replay it against fresh data.
     */
    public static GoldenRecord exampleRecord(String typeName, String id, String subject, Map<String, Object> overrides) {
        JsonNode example = example(typeName);
        com.fasterxml.jackson.databind.node.ObjectNode data = example.get("data").deepCopy();
        if (data.has("orderId")) {
            data.put("orderId", subject);
        }
        overrides.forEach((field, value) -> data.set(field, JSON.valueToTree(value)));
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", bytes(example.get("specversion").asText()));
        headers.add("ce_id", bytes(id));
        headers.add("ce_type", bytes(example.get("type").asText()));
        headers.add("ce_source", bytes(example.get("source").asText()));
        headers.add("ce_subject", bytes(subject));
        headers.add("ce_time", bytes(example.get("time").asText()));
        headers.add("content-type", bytes("application/json"));
        try {
            return new GoldenRecord(subject, headers, JSON.writeValueAsBytes(data));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Returns the CloudEvents types that {@code contracts/asyncapi.yaml} defines on a topic, for example
     * {@code io.orderflow.OrderPlaced}: a consumer of the topic must handle or skip each of them.
     */
    public static Set<String> typesOn(String topic) {
        try (InputStream in = resource("contracts/asyncapi.yaml")) {
            Map<String, Object> asyncApi = new Yaml().load(in);
            Map<?, ?> channel = (Map<?, ?>) ((Map<?, ?>) asyncApi.get("channels")).get(topic);
            if (channel == null) {
                throw new IllegalArgumentException("No contract defines topic " + topic);
            }
            return ((Map<?, ?>) channel.get("messages")).keySet().stream()
                    .map(name -> "io.orderflow." + name)
                    .collect(Collectors.toSet());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Throws an {@link AssertionError} unless a consumer of {@code topic} handles or skips each type the contracts
     * define on it, no other type, and none both ways.
     */
    public static void assertHandlesOrSkipsEveryTypeOn(String topic, Set<String> handled, Set<String> skipped) {
        Set<String> both = new HashSet<>(handled);
        both.retainAll(skipped);
        if (!both.isEmpty()) {
            throw new AssertionError("handled and skipped at once: " + both);
        }
        Set<String> known = new HashSet<>(handled);
        known.addAll(skipped);
        Set<String> defined = typesOn(topic);
        if (!known.equals(defined)) {
            throw new AssertionError("the contracts define " + defined + " on " + topic + ", the consumer knows "
                    + known);
        }
    }

    private static JsonSchema loadSchema(String name) {
        try (InputStream in = resource("contracts/schemas/" + name + ".schema.json")) {
            return FACTORY.getSchema(in, CONFIG);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static InputStream resource(String path) {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException(path + " is not on the test class path; add ../contracts as a test resource");
        }
        return in;
    }

    private static String simpleName(String ceType) {
        return ceType.substring(ceType.lastIndexOf('.') + 1);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** A Kafka record built from a golden example. */
    public record GoldenRecord(String key, RecordHeaders headers, byte[] value) {
    }
}
