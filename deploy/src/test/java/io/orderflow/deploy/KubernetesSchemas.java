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
import java.io.InputStream;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The schemas of the Kubernetes API (OpenAPI v2 definitions) and of custom resources (their CustomResourceDefinitions'
 * {@code openAPIV3Schema}), made strict while they are loaded, as kubeconform's "standalone-strict" schemas are: an
 * object schema with {@code properties} and no {@code additionalProperties} admits no other field (unless it preserves
 * unknown fields), an int-or-string takes an integer or a string, a quantity a string or a number, {@code nullable}
 * admits null. Descriptions, formats and extensions are dropped.
 * <p>
 * The Kubernetes API's definitions are those of fabric8's {@code openshift-generated.json} (in
 * io.fabric8:kubernetes-model-validator), generated from the Go types of the Kubernetes release it is built on. That
 * document has no {@code x-kubernetes-group-version-kind}: a kind's group comes from its definition's package, its
 * version and kind from the definition's {@code x-fabric8-info}. It also keeps API versions that the release no longer
 * serves (apps/v1beta1, extensions/v1beta1, policy/v1beta1, ...), so only the GA versions (v1, v2) are taken as kinds.
 */
final class KubernetesSchemas {

    /** The class-path resource holding the Kubernetes API's definitions. */
    static final String API_DEFINITIONS = "/openshift-generated.json";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    /** io.k8s.api.PACKAGE.VERSION.Kind, with a GA version. */
    private static final Pattern API_KIND = Pattern.compile("io\\.k8s\\.api\\.([a-z0-9]+)\\.(v\\d+)\\.([A-Z]\\w*)");
    /** The API groups whose name is not PACKAGE.k8s.io. */
    private static final Map<String, String> GROUPS = Map.of("core", "", "apps", "apps", "batch", "batch",
            "autoscaling", "autoscaling", "policy", "policy", "rbac", "rbac.authorization.k8s.io",
            "flowcontrol", "flowcontrol.apiserver.k8s.io", "apiserverinternal", "internal.apiserver.k8s.io");

    /** Strict definitions of the Kubernetes API, by name. */
    private final ObjectNode definitions = JSON.objectNode();
    /** "apiVersion kind" of a built-in kind -> its definition's name. */
    private final Map<String, String> builtIn = new HashMap<>();
    /** "apiVersion kind" of a custom resource -> its strict schema. */
    private final Map<String, JsonNode> custom = new HashMap<>();
    private final Map<String, JsonSchema> compiled = new HashMap<>();

    private KubernetesSchemas() {
    }

    /** The Kubernetes API's definitions, from the class path, and no custom resource yet. */
    static KubernetesSchemas withTheKubernetesApi() {
        KubernetesSchemas schemas = new KubernetesSchemas();
        try (InputStream in = KubernetesSchemas.class.getResourceAsStream(API_DEFINITIONS)) {
            if (in == null) {
                throw new IllegalStateException(API_DEFINITIONS + " is not on the class path (deploy/pom.xml has it "
                        + "as io.fabric8:kubernetes-model-validator)");
            }
            schemas.addApi(new ObjectMapper().readTree(in));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return schemas;
    }

    /**
     * Adds the served versions of every CustomResourceDefinition in the *.yaml files under {@code folder}, but not a
     * kind that is already known; returns the "apiVersion kind" pairs added.
     */
    Set<String> addCustomResourceDefinitions(Path folder) {
        Set<String> added = new TreeSet<>();
        for (Path file : files(folder)) {
            if (file.getFileName().toString().endsWith(".yaml")) {
                Kustomize.readAll(file).stream()
                        .filter(document -> document.path("kind").asText().equals("CustomResourceDefinition"))
                        .forEach(definition -> added.addAll(addCustomResourceDefinition(definition)));
            }
        }
        return added;
    }

    /** Every file under a folder, sorted. */
    static List<Path> files(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the Kubernetes API has a definition of that name (built-in kind or not). */
    boolean hasDefinition(String name) {
        return definitions.has(name);
    }

    /** The "apiVersion kind" pairs that have a schema. */
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

    private void addApi(JsonNode document) {
        document.path("definitions").properties().forEach(entry -> {
            String name = entry.getKey();
            JsonNode definition = entry.getValue();
            Matcher kind = API_KIND.matcher(name);
            JsonNode info = definition.path("x-fabric8-info");
            if (kind.matches() && info.path("Kind").asText().equals(kind.group(3))
                    && info.path("Version").asText().equals(kind.group(2))) {
                String group = GROUPS.getOrDefault(kind.group(1), kind.group(1) + ".k8s.io");
                builtIn.put((group.isEmpty() ? "" : group + "/") + kind.group(2) + " " + kind.group(3), name);
            }
            definitions.set(name, name.equals(QUANTITY) ? union("string", "number") : strict(definition));
        });
        if (!definitions.has(OBJECT_META) || builtIn.isEmpty()) {
            throw new IllegalStateException(API_DEFINITIONS + " has no Kubernetes kinds");
        }
    }

    private Set<String> addCustomResourceDefinition(JsonNode definition) {
        Set<String> added = new TreeSet<>();
        JsonNode spec = definition.path("spec");
        for (JsonNode version : spec.path("versions")) {
            String key = spec.path("group").asText() + "/" + version.path("name").asText() + " "
                    + spec.path("names").path("kind").asText();
            if (version.path("served").asBoolean() && !custom.containsKey(key)) {
                custom.put(key, strict(version.path("schema").path("openAPIV3Schema")));
                added.add(key);
            }
        }
        return added;
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
}
