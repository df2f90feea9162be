package io.orderflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Validates every document that deploy/kubernetes's overlays apply against the Kubernetes API's schemas (1.33) or
 * its custom resource's CustomResourceDefinition, strictly: an unknown field is an error, as with {@code kubectl
 * apply}'s field validation. Each set of schemas comes from a package of Maven Central (deploy/kubernetes/README.md,
 * "The schemas"):
 * <ul>
 * <li>the Kubernetes 1.33 API: {@code openshift-generated.json} of io.fabric8:kubernetes-model-validator, on the test
 * class path;</li>
 * <li>Strimzi: its CRDs, generated from io.strimzi:api by io.strimzi:crd-generator at generate-test-resources into
 * target/kubernetes-schemas/strimzi-VERSION (deploy/pom.xml), byte for byte the release's files;</li>
 * <li>CloudNativePG and KEDA: no package ships their CRDs, so the release's files are vendored, with their licence,
 * in deploy/kubernetes/schemas (its README.md records the tag, the source path and each file's SHA-256).</li>
 * </ul>
 */
class KubernetesSchemaTests {

    private static final Path MODULE_DIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static final Path README = KubernetesManifestsTests.KUBERNETES_DIR.resolve("README.md");
    private static final Path VENDORED = KubernetesManifestsTests.KUBERNETES_DIR.resolve("schemas");
    private static final Path ROOT_README = MODULE_DIR.getParent().resolve("README.md");

    /** The sets of schemas, each for the API groups it serves; the Kubernetes API's for every other group. */
    enum SchemaSet {
        KUBERNETES("the Kubernetes 1.33 API", ""),
        STRIMZI("Strimzi", "kafka.strimzi.io"),
        CLOUDNATIVE_PG("CloudNativePG 1.30.0", "postgresql.cnpg.io", "cloudnative-pg-1.30.0"),
        KEDA("KEDA 2.20.2", "keda.sh", "keda-2.20.2");

        private final String title;
        private final String group;
        private final String vendored;

        SchemaSet(String title, String group) {
            this(title, group, null);
        }

        SchemaSet(String title, String group, String vendored) {
            this.title = title;
            this.group = group;
            this.vendored = vendored;
        }

        /** Whether this set has the schema of a document of that apiVersion (or of that "apiVersion kind"). */
        boolean owns(String apiVersion) {
            String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            return this == KUBERNETES
                    ? Stream.of(values()).noneMatch(set -> set != KUBERNETES && set.group.equals(group))
                    : this.group.equals(group);
        }
    }

    private static KubernetesSchemas schemas;
    private static String strimziVersion;
    private static Path strimziCrds;
    private static final Map<String, List<ObjectNode>> rendered = new LinkedHashMap<>();

    @BeforeAll
    static void loadTheSchemas() {
        schemas = KubernetesSchemas.withTheKubernetesApi();
        strimziVersion = mavenVersion("io.strimzi", "api");
        strimziCrds = MODULE_DIR.resolve("target").resolve("kubernetes-schemas").resolve("strimzi-" + strimziVersion);
        if (Files.isDirectory(strimziCrds)) {
            schemas.addCustomResourceDefinitions(strimziCrds);
        }
        schemas.addCustomResourceDefinitions(VENDORED);
        for (String overlay : KubernetesManifestsTests.OVERLAYS) {
            rendered.put(overlay, Kustomize.render(KubernetesManifestsTests.KUBERNETES_DIR.resolve("overlays")
                    .resolve(overlay)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SchemaSet.class)
    void everyRenderedDocumentConformsToTheKubernetesApiOrItsCustomResourceDefinition(SchemaSet set) {
        needs(set);
        rendered.forEach((overlay, documents) -> {
            assertThat(documents).hasSizeGreaterThan(30);
            List<ObjectNode> ofTheSet = documents.stream()
                    .filter(document -> set.owns(document.path("apiVersion").asText())).toList();
            assertThat(ofTheSet).as("%s's documents of %s", overlay, set.title).isNotEmpty();
            for (ObjectNode document : ofTheSet) {
                assertThat(schemas.validate(document)).as("%s: %s %s", overlay, KubernetesManifestsTests.kind(document),
                        KubernetesManifestsTests.name(document)).isEmpty();
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SchemaSet.class)
    void theSchemasRejectAnUnknownFieldAWrongTypeAndAMissingRequiredField(SchemaSet set) {
        needs(set);
        List<ObjectNode> documents = rendered.get("dev");
        switch (set) {
            case KUBERNETES -> {
                ObjectNode deployment = copy(documents, "Deployment", "order-service");
                ((ObjectNode) Kustomize.containers(deployment).getFirst()).put("livenesProbe", "typo");
                ((ObjectNode) deployment.path("spec")).put("minReadySeconds", "ten");
                ((ObjectNode) deployment.path("spec")).remove("selector");
                assertThat(schemas.validate(deployment))
                        .anySatisfy(message -> assertThat(message).contains("livenesProbe"))
                        .anySatisfy(message -> assertThat(message).contains("minReadySeconds"))
                        .anySatisfy(message -> assertThat(message).contains("selector"));
            }
            case STRIMZI -> {
                ObjectNode topic = copy(documents, "KafkaTopic", "order-events");
                ((ObjectNode) topic.path("spec")).put("partitons", 6);
                ((ObjectNode) topic.path("metadata")).put("nmae", "typo");
                assertThat(schemas.validate(topic)).anySatisfy(message -> assertThat(message).contains("partitons"))
                        .anySatisfy(message -> assertThat(message).contains("nmae"));
                ObjectNode user = copy(documents, "KafkaUser", "order-service");
                ((ObjectNode) user.path("spec").path("authorization").path("acls").get(0)).putArray("operations")
                        .add("Wrtie");
                assertThat(schemas.validate(user)).anySatisfy(message ->
                        assertThat(message).contains("acls[0].operations[0]").contains("enumeration"));
            }
            case CLOUDNATIVE_PG -> {
                ObjectNode cluster = copy(documents, "Cluster", "orders-db");
                ((ObjectNode) cluster.path("spec")).put("instances", "three");
                ((ObjectNode) cluster.path("spec").path("managed").path("roles").get(0)).put("superuse", false);
                ((ObjectNode) cluster.path("spec").path("bootstrap").path("initdb")).remove("database");
                ((ObjectNode) cluster.path("spec").path("storage")).put("size", 10);
                assertThat(schemas.validate(cluster)).anySatisfy(message -> assertThat(message).contains("instances"))
                        .anySatisfy(message -> assertThat(message).contains("superuse"))
                        .anySatisfy(message -> assertThat(message).contains("storage.size"));
            }
            case KEDA -> {
                ObjectNode scaled = copy(documents, "ScaledObject", "inventory-service");
                ((ObjectNode) scaled.path("spec")).put("maxReplicas", 6);
                ((ObjectNode) scaled.path("spec").path("triggers").get(0)).remove("type");
                ((ObjectNode) scaled.path("spec").path("triggers").get(0).path("metadata")).put("lagThreshold", 500);
                assertThat(schemas.validate(scaled)).anySatisfy(message -> assertThat(message).contains("maxReplicas"))
                        .anySatisfy(message -> assertThat(message).contains("triggers[0]").contains("type"))
                        .anySatisfy(message -> assertThat(message).contains("lagThreshold"));
                ObjectNode auth = copy(documents, "TriggerAuthentication", "kafka-lag-reader");
                ((ObjectNode) auth.path("spec").path("secretTargetRef").get(0)).remove("key");
                assertThat(schemas.validate(auth)).anySatisfy(message -> assertThat(message).contains("key"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SchemaSet.class)
    void everyKindTheOverlaysUseHasASchema(SchemaSet set) {
        needs(set);
        Set<String> used = new TreeSet<>();
        rendered.values().forEach(documents -> documents.stream()
                .filter(document -> set.owns(document.path("apiVersion").asText()))
                .forEach(document -> used.add(document.path("apiVersion").asText() + " "
                        + document.path("kind").asText())));
        assertThat(used).isNotEmpty();
        assertThat(schemas.kinds()).containsAll(used);
    }

    @Test
    void theKubernetesDefinitionsAreThoseOfKubernetes133() {
        // resource.k8s.io/v1beta2 came with 1.33, resource.k8s.io/v1 with 1.34
        assertThat(schemas.hasDefinition("io.k8s.api.resource.v1beta2.ResourceClaim")).isTrue();
        assertThat(schemas.hasDefinition("io.k8s.api.resource.v1.ResourceClaim")).isFalse();
        assertThat(schemas.kinds()).contains("v1 ConfigMap", "apps/v1 Deployment", "policy/v1 PodDisruptionBudget",
                "networking.k8s.io/v1 NetworkPolicy", "autoscaling/v2 HorizontalPodAutoscaler")
                .doesNotContain("apps/v1beta2 Deployment", "extensions/v1beta1 Deployment",
                        "policy/v1beta1 PodDisruptionBudget");
    }

    @Test
    void theGeneratedStrimziCrdsAreTheReleasesFilesTheReadmeRecords() throws Exception {
        needs(SchemaSet.STRIMZI);
        String readme = Files.readString(README);
        assertThat(readme).contains("Strimzi " + strimziVersion);
        List<Path> files = KubernetesSchemas.files(strimziCrds);
        assertThat(files).extracting(file -> file.getFileName().toString()).containsExactly("040-Crd-kafka.yaml",
                "043-Crd-kafkatopic.yaml", "044-Crd-kafkauser.yaml", "045-Crd-kafkanodepool.yaml");
        for (Path file : files) {
            assertThat(readme).as("%s's checksum", file.getFileName()).contains(sha256(file));
        }
        assertThat(schemas.kinds()).contains("kafka.strimzi.io/v1 Kafka", "kafka.strimzi.io/v1 KafkaNodePool",
                "kafka.strimzi.io/v1 KafkaTopic", "kafka.strimzi.io/v1 KafkaUser");
    }

    @Test
    void theVendoredCrdsAreTheFilesTheirReadmeRecordsEachBesideItsLicence() throws Exception {
        String readme = Files.readString(VENDORED.resolve("README.md"));
        List<Path> files = KubernetesSchemas.files(VENDORED);
        assertThat(files).extracting(file -> VENDORED.relativize(file).toString()).containsExactlyInAnyOrder(
                "README.md",
                "cloudnative-pg-1.30.0/LICENSE", "cloudnative-pg-1.30.0/postgresql.cnpg.io_clusters.yaml",
                "keda-2.20.2/LICENSE", "keda-2.20.2/keda.sh_scaledobjects.yaml",
                "keda-2.20.2/keda.sh_triggerauthentications.yaml");
        for (Path file : files) {
            if (!file.getFileName().toString().equals("README.md")) {
                assertThat(readme).as("%s's checksum", VENDORED.relativize(file)).contains(sha256(file));
            }
            if (file.getFileName().toString().endsWith(".yaml")) {
                assertThat(Files.readString(file.resolveSibling("LICENSE"))).as("%s's licence", VENDORED.relativize(file))
                        .contains("Apache License", "Version 2.0, January 2004");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SchemaSet.class, names = {"CLOUDNATIVE_PG", "KEDA"})
    void eachVendoredSetIsTheReleaseTheInstructionsInstall(SchemaSet set) throws Exception {
        String version = set.title.substring(set.title.lastIndexOf(' ') + 1);
        assertThat(set.vendored).endsWith("-" + version);
        assertThat(VENDORED.resolve(set.vendored)).isDirectory();
        assertThat(Files.readString(VENDORED.resolve("README.md"))).contains("`v" + version + "`");
        String install = set == SchemaSet.KEDA ? "/releases/download/v" + version + "/keda-" + version + ".yaml"
                : "/releases/cnpg-" + version + ".yaml";
        assertThat(Files.readString(README)).contains(set.title).contains(install);
        assertThat(Files.readString(ROOT_README)).as("README.md, Deploy on Kubernetes").contains(install);
    }

    @Test
    void bothReadmesInstallTheStrimziReleaseWhoseCrdsTheTestsGenerate() throws Exception {
        String install = "/releases/download/" + strimziVersion + "/strimzi-cluster-operator-" + strimziVersion + ".yaml";
        assertThat(Files.readString(README)).contains(install);
        assertThat(Files.readString(ROOT_README)).as("README.md, Deploy on Kubernetes").contains(install)
                .contains("kubectl apply -k deploy/kubernetes/overlays/dev");
    }

    /**
     * Skips a test of Strimzi's set when its CRDs were not generated (a run outside Maven); fails on any other missing
     * set, whose schemas are on the class path or in the repository.
     */
    private static void needs(SchemaSet set) {
        boolean present = schemas.kinds().stream().anyMatch(kind -> set.owns(kind.substring(0, kind.indexOf(' '))));
        if (set == SchemaSet.STRIMZI) {
            assumeTrue(present, () -> "no Strimzi CRDs in " + strimziCrds + ": the build generates them at "
                    + "generate-test-resources (deploy/pom.xml), so run mvn -pl deploy verify");
            return;
        }
        assertThat(present).as("schemas of %s (%s)", set.title, set == SchemaSet.KUBERNETES
                ? KubernetesSchemas.API_DEFINITIONS : VENDORED.resolve(set.vendored).toString()).isTrue();
    }

    private static ObjectNode copy(List<ObjectNode> documents, String kind, String name) {
        return KubernetesManifestsTests.find(documents, kind, name).deepCopy();
    }

    /** The version of a Maven artifact on the test class path, from the pom.properties in its jar. */
    private static String mavenVersion(String groupId, String artifactId) {
        String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = KubernetesSchemaTests.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(groupId + ":" + artifactId + " is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
