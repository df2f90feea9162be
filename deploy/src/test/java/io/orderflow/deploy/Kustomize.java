package io.orderflow.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders a Kustomize directory as {@code kubectl apply -k} would, for the few Kustomize features that
 * deploy/kubernetes uses: {@code resources} (files, and directories with a kustomization.yaml), {@code namespace},
 * {@code images} (newName, newTag) and {@code patches} with a {@code target} and an inline JSON patch of {@code add}
 * and {@code replace} operations. Anything else in a kustomization.yaml is an error, so that a test never checks
 * something other than what would be applied. There is no Kustomize for Java; this is the subset, not a port.
 */
final class Kustomize {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Set<String> KUSTOMIZATION_FIELDS = Set.of("apiVersion", "kind", "resources", "namespace",
            "images", "patches");
    private static final Set<String> TARGET_FIELDS = Set.of("group", "version", "kind", "name");
    /** Kinds without a namespace among those a kustomization here may hold. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "CustomResourceDefinition", "ClusterRole",
            "ClusterRoleBinding", "PersistentVolume", "StorageClass", "PriorityClass", "ClusterTriggerAuthentication");

    private Kustomize() {
    }

    /** Returns the documents that {@code kubectl apply -k directory} would apply, in order. */
    static List<ObjectNode> render(Path directory) {
        JsonNode kustomization = readOne(directory.resolve("kustomization.yaml"));
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!KUSTOMIZATION_FIELDS.contains(field)) {
                throw new IllegalArgumentException(directory + "/kustomization.yaml: '" + field
                        + "' is not among what this renderer applies " + KUSTOMIZATION_FIELDS);
            }
        });
        List<ObjectNode> documents = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = directory.resolve(resource.asText()).normalize();
            documents.addAll(Files.isDirectory(path) ? render(path) : readAll(path));
        }
        for (JsonNode patch : kustomization.path("patches")) {
            applyPatch(directory, patch, documents);
        }
        for (JsonNode image : kustomization.path("images")) {
            setImage(image, documents);
        }
        if (kustomization.hasNonNull("namespace")) {
            String namespace = kustomization.get("namespace").asText();
            documents.stream().filter(document -> !CLUSTER_SCOPED.contains(document.path("kind").asText()))
                    .forEach(document -> ((ObjectNode) document.path("metadata")).put("namespace", namespace));
        }
        Set<String> ids = new HashSet<>();
        for (ObjectNode document : documents) {
            String id = group(document) + "/" + document.path("kind").asText() + "/"
                    + document.path("metadata").path("namespace").asText() + "/"
                    + document.path("metadata").path("name").asText();
            if (!ids.add(id)) {
                throw new IllegalArgumentException(directory + ": " + id + " is defined twice");
            }
        }
        return documents;
    }

    /** Returns the API group of a document: "" for the core group. */
    static String group(JsonNode document) {
        String apiVersion = document.path("apiVersion").asText();
        return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }

    /** Returns every container of a document's pod template (Deployment, StatefulSet, DaemonSet, Job, CronJob). */
    static List<ObjectNode> containers(JsonNode document) {
        JsonNode podSpec = podSpec(document);
        List<ObjectNode> containers = new ArrayList<>();
        for (String field : List.of("initContainers", "containers")) {
            podSpec.path(field).forEach(container -> containers.add((ObjectNode) container));
        }
        return containers;
    }

    /** Returns a document's pod template spec, or a missing node when it has none. */
    static JsonNode podSpec(JsonNode document) {
        JsonNode spec = document.path("spec");
        if (document.path("kind").asText().equals("CronJob")) {
            spec = spec.path("jobTemplate").path("spec");
        }
        return spec.path("template").path("spec");
    }

    private static void applyPatch(Path directory, JsonNode patch, List<ObjectNode> documents) {
        if (!patch.has("target") || !patch.has("patch") || patch.size() != 2) {
            throw new IllegalArgumentException(directory + ": a patch here has a target and an inline patch only: "
                    + patch);
        }
        JsonNode target = patch.get("target");
        target.fieldNames().forEachRemaining(field -> {
            if (!TARGET_FIELDS.contains(field)) {
                throw new IllegalArgumentException(directory + ": patch target field '" + field + "' is not supported");
            }
        });
        JsonNode operations = readString(patch.get("patch").asText());
        List<ObjectNode> matched = documents.stream().filter(document -> matches(target, document)).toList();
        if (matched.isEmpty()) {
            throw new IllegalArgumentException(directory + ": the patch target " + target + " matches no resource");
        }
        for (ObjectNode document : matched) {
            for (JsonNode operation : operations) {
                apply(operation, document);
            }
        }
    }

    private static boolean matches(JsonNode target, JsonNode document) {
        String apiVersion = document.path("apiVersion").asText();
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return (!target.has("group") || target.get("group").asText().equals(group(document)))
                && (!target.has("version") || target.get("version").asText().equals(version))
                && (!target.has("kind") || target.get("kind").asText().equals(document.path("kind").asText()))
                && (!target.has("name")
                        || target.get("name").asText().equals(document.path("metadata").path("name").asText()));
    }

    /** Applies one JSON patch (RFC 6902) operation, {@code add} or {@code replace}. */
    private static void apply(JsonNode operation, ObjectNode document) {
        String op = operation.path("op").asText();
        if (!op.equals("add") && !op.equals("replace")) {
            throw new IllegalArgumentException("JSON patch operation '" + op + "' is not supported: " + operation);
        }
        List<String> path = new ArrayList<>();
        for (String token : operation.path("path").asText().substring(1).split("/", -1)) {
            path.add(token.replace("~1", "/").replace("~0", "~"));
        }
        JsonNode parent = document;
        for (String token : path.subList(0, path.size() - 1)) {
            parent = parent.isArray() ? parent.path(Integer.parseInt(token)) : parent.path(token);
            if (parent.isMissingNode()) {
                throw new IllegalArgumentException("JSON patch path " + operation.path("path").asText()
                        + " does not exist in " + document.path("metadata").path("name").asText());
            }
        }
        String last = path.getLast();
        JsonNode value = operation.get("value").deepCopy();
        if (parent instanceof ObjectNode object) {
            if (op.equals("replace") && !object.has(last)) {
                throw new IllegalArgumentException("JSON patch replaces " + operation.path("path").asText()
                        + ", which does not exist in " + document.path("metadata").path("name").asText());
            }
            object.set(last, value);
        }
        else if (parent instanceof ArrayNode array) {
            if (op.equals("replace")) {
                array.set(Integer.parseInt(last), value);
            }
            else if (last.equals("-")) {
                array.add(value);
            }
            else {
                array.insert(Integer.parseInt(last), value);
            }
        }
        else {
            throw new IllegalArgumentException("JSON patch path " + operation.path("path").asText()
                    + " has no object or array to change");
        }
    }

    private static void setImage(JsonNode image, List<ObjectNode> documents) {
        String name = image.path("name").asText();
        image.fieldNames().forEachRemaining(field -> {
            if (!Set.of("name", "newName", "newTag").contains(field)) {
                throw new IllegalArgumentException("images: '" + field + "' is not supported");
            }
        });
        for (ObjectNode document : documents) {
            for (ObjectNode container : containers(document)) {
                String current = container.path("image").asText();
                int tagAt = current.lastIndexOf(':') > current.lastIndexOf('/') ? current.lastIndexOf(':') : -1;
                String currentName = tagAt < 0 ? current : current.substring(0, tagAt);
                if (!currentName.equals(name)) {
                    continue;
                }
                String newName = image.path("newName").asText(currentName);
                String tag = image.has("newTag") ? image.get("newTag").asText()
                        : tagAt < 0 ? null : current.substring(tagAt + 1);
                container.put("image", tag == null ? newName : newName + ":" + tag);
            }
        }
    }

    private static JsonNode readOne(Path file) {
        try {
            return YAML.readTree(file.toFile());
        }
        catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    private static JsonNode readString(String yaml) {
        try {
            return YAML.readTree(yaml);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads every document of a YAML file, skipping empty ones. */
    static List<ObjectNode> readAll(Path file) {
        List<ObjectNode> documents = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(file.toFile());
             MappingIterator<JsonNode> iterator = YAML.readValues(parser, JsonNode.class)) {
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                if (document instanceof ObjectNode object && !object.isEmpty()) {
                    documents.add(object);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
        return documents;
    }
}
