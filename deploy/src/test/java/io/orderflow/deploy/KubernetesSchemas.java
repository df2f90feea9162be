package io.orderflow.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The schemas of the Kubernetes API (its OpenAPI v2 document, {@code swagger.json}) and of custom resources (their
 * CustomResourceDefinitions' {@code openAPIV3Schema}), made strict while they are loaded, as kubeconform's
 * "standalone-strict" schemas are: an object schema with {@code properties} and no {@code additionalProperties}
 * admits no other field (unless it preserves unknown fields), an int-or-string takes an integer or a string, a
 * quantity a string or a number, {@code nullable} admits null. Descriptions, formats and extensions are dropped.
 */
final class KubernetesSchemas {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);

    /** Strict definitions of the Kubernetes API, by name. */
    private final ObjectNode definitions;
    /** "apiVersion kind" of a built-in kind -> its definition's name. */
    private final Map<String, String> builtIn = new HashMap<>();
    /** "apiVersion kind" of a custom resource -> its strict schema. */
    private final Map<String, JsonNode> custom = new HashMap<>();
    private final Map<String, JsonSchema> compiled = new HashMap<>();

    private KubernetesSchemas(ObjectNode definitions) {
        this.definitions = definitions;
    }

    /** Loads every swagger.json and every CustomResourceDefinition (*.yaml) under {@code folder}. */
    static KubernetesSchemas load(Path folder) {
        ObjectNode definitions = JSON.objectNode();
        KubernetesSchemas schemas = new KubernetesSchemas(definitions);
        for (Path file : files(folder)) {
            String name = file.getFileName().toString();
            if (name.equals("swagger.json")) {
                schemas.addApi(read(file));
            }
            else if (name.endsWith(".yaml")) {
                Kustomize.readAll(file).stream()
                        .filter(document -> document.path("kind").asText().equals("CustomResourceDefinition"))
                        .forEach(schemas::addCustomResourceDefinition);
            }
        }
        if (definitions.isEmpty() || schemas.custom.isEmpty()) {
            throw new IllegalStateException(folder + " has no swagger.json or no CustomResourceDefinition");
        }
        return schemas;
    }

    /** Every file of the set, for its checksums. */
    static List<Path> files(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The "apiVersion kind" pairs this set has a schema for. */
    Set<String> kinds() {
        Set<String> kinds = new TreeSet<>(builtIn.keySet());
        kinds.addAll(custom.keySet());
        return kinds;
    }

    /**
     * Validates a document against its kind's schema (and a custom resource's metadata against the API's
     * ObjectMeta); empty when it conforms, a message when no schema knows its kind.
     */
    Set<String> validate(JsonNode document) {
        String key = document.path("apiVersion").asText() + " " + document.path("kind").asText();
        Set<String> errors = new LinkedHashSet<>();
        Optional<JsonSchema> schema = schema(key);
        if (schema.isEmpty()) {
            errors.add("no schema for " + key);
            return errors;
        }
        schema.get().validate(document).stream().map(ValidationMessage::getMessage).forEach(errors::add);
        if (custom.containsKey(key)) {
            schema("metadata").orElseThrow().validate(document.path("metadata")).stream()
                    .map(message -> "metadata: " + message.getMessage()).forEach(errors::add);
        }
        return errors;
    }

    private Optional<JsonSchema> schema(String key) {
        if (compiled.containsKey(key)) {
            return Optional.of(compiled.get(key));
        }
        JsonNode schema;
        if (key.equals("metadata")) {
            schema = referencing(OBJECT_META);
        }
        else if (builtIn.containsKey(key)) {
            schema = referencing(builtIn.get(key));
        }
        else if (custom.containsKey(key)) {
            schema = custom.get(key);
        }
        else {
            return Optional.empty();
        }
        JsonSchema jsonSchema = FACTORY.getSchema(schema);
        compiled.put(key, jsonSchema);
        return Optional.of(jsonSchema);
    }

    /** A schema that is {@code $ref} to one definition, with the definitions it reaches. */
    private JsonNode referencing(String definition) {
        ObjectNode reached = JSON.objectNode();
        Deque<String> pending = new ArrayDeque<>(List.of(definition));
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (reached.has(name)) {
                continue;
            }
            JsonNode schema = definitions.get(name);
            if (schema == null) {
                throw new IllegalStateException("swagger.json has no definition " + name);
            }
            reached.set(name, schema);
            schema.findValues("$ref").forEach(ref -> pending.push(ref.asText().substring("#/definitions/".length())));
        }
        ObjectNode root = JSON.objectNode();
        root.put("$ref", "#/definitions/" + definition);
        root.set("definitions", reached);
        return root;
    }

    private void addApi(JsonNode swagger) {
        swagger.path("definitions").properties().forEach(entry -> {
            String name = entry.getKey();
            JsonNode definition = entry.getValue();
            definition.path("x-kubernetes-group-version-kind").forEach(gvk -> {
                String group = gvk.path("group").asText();
                String version = gvk.path("version").asText();
                builtIn.put((group.isEmpty() ? version : group + "/" + version) + " " + gvk.path("kind").asText(),
                        name);
            });
            definitions.set(name, name.equals(QUANTITY) ? union("string", "number") : strict(definition));
        });
    }

    private void addCustomResourceDefinition(JsonNode definition) {
        JsonNode spec = definition.path("spec");
        for (JsonNode version : spec.path("versions")) {
            if (version.path("served").asBoolean()) {
                custom.put(spec.path("group").asText() + "/" + version.path("name").asText() + " "
                        + spec.path("names").path("kind").asText(),
                        strict(version.path("schema").path("openAPIV3Schema")));
            }
        }
    }

    /** A strict copy of a schema (see the class comment). */
    static JsonNode strict(JsonNode schema) {
        if (schema.isArray()) {
            ArrayNode copy = JSON.arrayNode();
            schema.forEach(item -> copy.add(strict(item)));
            return copy;
        }
        if (!schema.isObject()) {
            return schema;
        }
        if (schema.has("$ref")) {
            // OpenAPI v2 ignores whatever stands beside a $ref
            return JSON.objectNode().put("$ref", schema.get("$ref").asText());
        }
        if (schema.path("format").asText().equals("int-or-string")
                || schema.path("x-kubernetes-int-or-string").asBoolean()) {
            return union("integer", "string");
        }
        ObjectNode copy = JSON.objectNode();
        schema.properties().forEach(entry -> {
            String keyword = entry.getKey();
            JsonNode value = entry.getValue();
            switch (keyword) {
                case "description", "format", "example", "externalDocs", "default", "nullable" -> { }
                case "properties" -> {
                    ObjectNode properties = copy.putObject("properties");
                    value.properties().forEach(property -> properties.set(property.getKey(),
                            strict(property.getValue())));
                }
                case "items", "additionalProperties", "not", "allOf", "anyOf", "oneOf" ->
                        copy.set(keyword, strict(value));
                default -> {
                    if (!keyword.startsWith("x-")) {
                        copy.set(keyword, value);
                    }
                }
            }
        });
        if (schema.path("nullable").asBoolean() && copy.has("type")) {
            copy.set("type", union(copy.get("type").asText(), "null").get("type"));
        }
        if (copy.has("properties") && !copy.has("additionalProperties")
                && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            copy.put("additionalProperties", false);
        }
        return copy;
    }

    private static ObjectNode union(String first, String second) {
        ObjectNode union = JSON.objectNode();
        union.putArray("type").add(first).add(second);
        return union;
    }

    private static JsonNode read(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        }
        catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }
}
