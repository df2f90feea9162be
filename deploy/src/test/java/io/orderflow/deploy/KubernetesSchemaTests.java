package io.orderflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Validates every document that deploy/kubernetes's overlays apply against the Kubernetes API's schemas (1.33) or
 * its custom resource's CustomResourceDefinition (Strimzi, CloudNativePG, KEDA), strictly: an unknown field is an
 * error, as with {@code kubectl apply}'s field validation. The schema set is not part of the build (deploy/kubernetes/
 * README.md, "The schema set", says what it holds and where it comes from); without one, these tests are skipped.
 */
class KubernetesSchemaTests {

    private static final Path MODULE_DIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();

    private static Path folder;
    private static KubernetesSchemas schemas;
    private static final Map<String, List<ObjectNode>> rendered = new LinkedHashMap<>();

    @BeforeEach
    void needsTheSchemaSet() {
        assumeTrue(schemas != null, "no Kubernetes schema set (-Dorderflow.kubernetes.schemas, deploy/kubernetes/"
                + "schemas or ../shared/kubernetes-schemas): see deploy/kubernetes/README.md, \"The schema set\"");
    }

    @BeforeAll
    static void loadTheSchemaSetWhereThereIsOne() {
        Optional<Path> found = Stream.of(
                        Optional.ofNullable(System.getProperty("orderflow.kubernetes.schemas")).map(Path::of),
                        Optional.of(KubernetesManifestsTests.KUBERNETES_DIR.resolve("schemas")),
                        Optional.of(MODULE_DIR.getParent().resolveSibling("shared").resolve("kubernetes-schemas")))
                .flatMap(Optional::stream).filter(Files::isDirectory).findFirst();
        if (found.isEmpty()) {
            return;
        }
        folder = found.get();
        schemas = KubernetesSchemas.load(folder);
        for (String overlay : KubernetesManifestsTests.OVERLAYS) {
            rendered.put(overlay, Kustomize.render(KubernetesManifestsTests.KUBERNETES_DIR.resolve("overlays")
                    .resolve(overlay)));
        }
    }

    @Test
    void everyRenderedDocumentConformsToTheKubernetesApiOrItsCustomResourceDefinition() {
        rendered.forEach((overlay, documents) -> {
            assertThat(documents).hasSizeGreaterThan(30);
            for (ObjectNode document : documents) {
                assertThat(schemas.validate(document)).as("%s: %s %s", overlay, KubernetesManifestsTests.kind(document),
                        KubernetesManifestsTests.name(document)).isEmpty();
            }
        });
    }

    @Test
    void theSchemasRejectAnUnknownFieldAWrongTypeAndAMissingRequiredField() {
        List<ObjectNode> documents = rendered.get("dev");
        ObjectNode deployment = KubernetesManifestsTests.find(documents, "Deployment", "order-service").deepCopy();
        ((ObjectNode) Kustomize.containers(deployment).getFirst()).put("livenesProbe", "typo");
        ((ObjectNode) deployment.path("spec")).put("minReadySeconds", "ten");
        ((ObjectNode) deployment.path("spec")).remove("selector");
        assertThat(schemas.validate(deployment))
                .anySatisfy(message -> assertThat(message).contains("livenesProbe"))
                .anySatisfy(message -> assertThat(message).contains("minReadySeconds"))
                .anySatisfy(message -> assertThat(message).contains("selector"));

        ObjectNode topic = KubernetesManifestsTests.find(documents, "KafkaTopic", "order-events").deepCopy();
        ((ObjectNode) topic.path("spec")).put("partitons", 6);
        ObjectNode user = KubernetesManifestsTests.find(documents, "KafkaUser", "order-service").deepCopy();
        ((ObjectNode) user.path("spec").path("authorization").path("acls").get(0)).putArray("operations").add("Wrtie");
        ObjectNode cluster = KubernetesManifestsTests.find(documents, "Cluster", "orders-db").deepCopy();
        ((ObjectNode) cluster.path("spec")).put("instances", "three");
        ObjectNode scaled = KubernetesManifestsTests.find(documents, "ScaledObject", "inventory-service").deepCopy();
        ((ObjectNode) scaled.path("spec")).put("maxReplicas", 6);
        ((ObjectNode) topic.path("metadata")).put("nmae", "typo");
        assertThat(schemas.validate(topic)).anySatisfy(message -> assertThat(message).contains("partitons"))
                .anySatisfy(message -> assertThat(message).contains("nmae"));
        assertThat(schemas.validate(user))
                .anySatisfy(message -> assertThat(message).contains("acls[0].operations[0]").contains("enumeration"));
        assertThat(schemas.validate(cluster)).anySatisfy(message -> assertThat(message).contains("instances"));
        assertThat(schemas.validate(scaled)).anySatisfy(message -> assertThat(message).contains("maxReplicas"));
    }

    @Test
    void theSchemaSetHoldsTheFilesItsReadmeRecordsWithTheirLicences() throws Exception {
        String readme = Files.readString(folder.resolve("README.md"));
        for (Path file : KubernetesSchemas.files(folder)) {
            String name = file.getFileName().toString();
            if (name.endsWith(".json") || name.endsWith(".yaml")) {
                String sha256 = HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
                assertThat(readme).as("%s's checksum", folder.relativize(file)).contains(sha256);
                assertThat(file.resolveSibling("LICENSE")).as("%s's licence", folder.relativize(file)).isRegularFile();
            }
        }
        assertThat(schemas.kinds()).contains("apps/v1 Deployment", "kafka.strimzi.io/v1 Kafka",
                "postgresql.cnpg.io/v1 Cluster", "keda.sh/v1alpha1 ScaledObject");
    }

    @Test
    void everyKindTheOverlaysUseHasASchema() {
        Set<String> used = new TreeSet<>();
        rendered.values().forEach(documents -> documents.forEach(document ->
                used.add(document.path("apiVersion").asText() + " " + document.path("kind").asText())));
        assertThat(schemas.kinds()).containsAll(used);
    }
}
