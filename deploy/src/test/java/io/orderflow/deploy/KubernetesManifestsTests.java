package io.orderflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders deploy/kubernetes's overlays as {@code kubectl apply -k} would ({@link Kustomize}) and checks Orderflow's
 * rules on what they apply: probes, resources and a non-root, read-only container everywhere; graceful shutdown;
 * the Kafka users' ACLs equal to docker compose's (deploy/kafka/setup.sh, run with stand-in Kafka tools); the database
 * roles of deploy/postgres/init/01-databases.sh; topics, scaling, network policies and secrets. The schema check is
 * {@link KubernetesSchemaTests}.
 */
class KubernetesManifestsTests {

    private static final Path MODULE_DIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static final Path REPO_ROOT = MODULE_DIR.getParent();
    static final Path KUBERNETES_DIR = MODULE_DIR.resolve("kubernetes");
    static final List<String> OVERLAYS = List.of("dev", "prod");

    /** Each service and its database (README, "Services, databases and topics"). */
    private static final Map<String, String> DATABASE_OF = Map.of(
            "order-service", "orders",
            "inventory-service", "inventory",
            "notification-service", "notifications");
    private static final Map<String, Integer> PORT_OF = Map.of(
            "order-service", 8081,
            "inventory-service", 8082,
            "notification-service", 8083);
    /**
     * The shutdown phases whose wait the grace period must cover after the preStop sleep, each at most the service's
     * spring.lifecycle.timeout-per-shutdown-phase: the listener containers, the web server's drain, and the joins of
     * the outbox relay (5 s) and of order-service's intake (10 s), which take less than one phase together.
     */
    private static final int SHUTDOWN_PHASES = 3;

    private static final Pattern ACL_PRINCIPAL = Pattern.compile("User:(.+)");

    @TempDir
    static Path work;

    private static final Map<String, List<ObjectNode>> rendered = new LinkedHashMap<>();
    private static Map<String, Set<String>> setupAcls;

    @BeforeAll
    static void renderTheOverlaysAndRunTheComposeSetupWithStandInTools() throws Exception {
        for (String overlay : OVERLAYS) {
            rendered.put(overlay, Kustomize.render(KUBERNETES_DIR.resolve("overlays").resolve(overlay)));
        }
        setupAcls = aclsGrantedBySetupScript();
    }

    @Test
    void eachOverlayRendersIntoItsOwnNamespace() {
        assertThat(namespaceOf("dev")).isEqualTo("orderflow-dev");
        assertThat(namespaceOf("prod")).isEqualTo("orderflow");
        rendered.forEach((overlay, documents) -> {
            assertThat(documents).filteredOn(document -> kind(document).equals("Namespace"))
                    .extracting(document -> name(document)).containsExactly(namespaceOf(overlay));
            documents.stream().filter(document -> !kind(document).equals("Namespace")).forEach(document ->
                    assertThat(document.path("metadata").path("namespace").asText())
                            .as("%s %s namespace", kind(document), name(document)).isEqualTo(namespaceOf(overlay)));
        });
    }

    @Test
    void everyContainerHasProbesLimitsAndANonRootUser() {
        rendered.forEach((overlay, documents) -> documents.stream()
                .filter(document -> Kustomize.podSpec(document).isObject()).forEach(workload -> {
                    JsonNode pod = Kustomize.podSpec(workload);
                    assertThat(Kustomize.containers(workload)).as("%s %s", overlay, name(workload)).isNotEmpty();
                    assertThat(pod.path("automountServiceAccountToken").asBoolean(true))
                            .as("%s: no service account token", name(workload)).isFalse();
                    for (ObjectNode container : Kustomize.containers(workload)) {
                        String where = overlay + " " + name(workload) + "/" + container.path("name").asText();
                        assertThat(container.path("livenessProbe").isObject()).as("%s liveness probe", where).isTrue();
                        assertThat(container.path("readinessProbe").isObject()).as("%s readiness probe", where).isTrue();
                        for (String bound : List.of("requests", "limits")) {
                            for (String resource : List.of("cpu", "memory")) {
                                assertThat(container.path("resources").path(bound).path(resource).asText())
                                        .as("%s resources.%s.%s", where, bound, resource).isNotBlank();
                            }
                        }
                        JsonNode security = container.path("securityContext");
                        assertThat(security.path("runAsNonRoot").asBoolean()
                                || pod.path("securityContext").path("runAsNonRoot").asBoolean())
                                .as("%s runAsNonRoot", where).isTrue();
                        assertThat(security.path("readOnlyRootFilesystem").asBoolean())
                                .as("%s readOnlyRootFilesystem", where).isTrue();
                        assertThat(security.path("allowPrivilegeEscalation").asBoolean(true))
                                .as("%s allowPrivilegeEscalation", where).isFalse();
                        assertThat(texts(security.path("capabilities").path("drop")))
                                .as("%s drops capabilities", where).contains("ALL");
                        assertThat(security.path("seccompProfile").path("type").asText(
                                pod.path("securityContext").path("seccompProfile").path("type").asText()))
                                .as("%s seccomp", where).isEqualTo("RuntimeDefault");
                        assertThat(texts(container.path("volumeMounts"), "mountPath"))
                                .as("%s has a writable /tmp", where).contains("/tmp");
                    }
                }));
    }

    @Test
    void theOperatorsPodsHaveRequestsAndLimitsToo() {
        rendered.forEach((overlay, documents) -> {
            for (ObjectNode document : documents) {
                JsonNode resources = switch (kind(document)) {
                    case "KafkaNodePool", "Cluster" -> document.path("spec").path("resources");
                    default -> null;
                };
                if (resources == null) {
                    continue;
                }
                for (String bound : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        assertThat(resources.path(bound).path(resource).asText())
                                .as("%s %s %s.%s", overlay, name(document), bound, resource).isNotBlank();
                    }
                }
            }
        });
    }

    @Test
    void theServicesProbeSpringBootsHealthGroupsAndShutDownGracefully() {
        rendered.forEach((overlay, documents) -> DATABASE_OF.keySet().forEach(service -> {
            ObjectNode deployment = find(documents, "Deployment", service);
            ObjectNode container = onlyContainer(deployment);
            assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(PORT_OF.get(service));
            assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
                    .isEqualTo("/actuator/health/liveness");
            assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
                    .isEqualTo("/actuator/health/readiness");
            assertThat(container.path("startupProbe").path("httpGet").path("path").asText())
                    .isEqualTo("/actuator/health/liveness");
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                assertThat(container.path(probe).path("httpGet").path("port").asText()).isEqualTo("http");
            }
            int preStopSleep = container.path("lifecycle").path("preStop").path("sleep").path("seconds").asInt();
            assertThat(preStopSleep).as("%s: readiness goes down before SIGTERM", service).isPositive();
            assertThat(Kustomize.podSpec(deployment).path("terminationGracePeriodSeconds").asInt())
                    .as("%s: the grace period covers the preStop sleep and Spring's shutdown phases", service)
                    .isGreaterThanOrEqualTo(preStopSleep + SHUTDOWN_PHASES * shutdownPhaseSeconds(service));
            assertThat(deployment.path("spec").has("replicas"))
                    .as("%s: its ScaledObject owns the replica count", service).isFalse();
        }));
    }

    @Test
    void eachServiceHasTheHealthGroupsItsProbesAskAndShutsDownGracefully() {
        DATABASE_OF.keySet().forEach(service -> {
            JsonNode configuration = applicationYml(service);
            JsonNode health = configuration.path("management").path("endpoint").path("health");
            assertThat(health.path("probes").path("enabled").asBoolean()).as("%s probes", service).isTrue();
            assertThat(includes(health, "liveness")).as("%s: liveness never asks the database or Kafka", service)
                    .containsExactly("livenessState");
            assertThat(includes(health, "readiness")).as("%s: readiness asks the database and Kafka", service)
                    .containsExactlyInAnyOrder("readinessState", "db", "kafka");
            assertThat(configuration.path("server").path("shutdown").asText()).as("%s server.shutdown", service)
                    .isEqualTo("graceful");
            assertThat(shutdownPhaseSeconds(service)).as("%s shutdown phase", service).isPositive();
        });
    }

    @Test
    void theServicesResourcesAreTheAgreedFirstEstimates() {
        Map<String, List<String>> expected = Map.of(
                "order-service", List.of("500m", "1", "384Mi", "384Mi"),
                "inventory-service", List.of("250m", "1", "320Mi", "320Mi"),
                "notification-service", List.of("250m", "1", "320Mi", "320Mi"));
        rendered.forEach((overlay, documents) -> expected.forEach((service, values) -> {
            JsonNode resources = onlyContainer(find(documents, "Deployment", service)).path("resources");
            assertThat(List.of(resources.path("requests").path("cpu").asText(),
                    resources.path("limits").path("cpu").asText(), resources.path("requests").path("memory").asText(),
                    resources.path("limits").path("memory").asText()))
                    .as("%s %s: cpu request, cpu limit, memory request, memory limit", overlay, service)
                    .isEqualTo(values);
        }));
    }

    @Test
    void eachServiceHasAServiceAPodDisruptionBudgetAndASpreadAcrossNodes() {
        rendered.forEach((overlay, documents) -> DATABASE_OF.keySet().forEach(service -> {
            ObjectNode deployment = find(documents, "Deployment", service);
            Map<String, String> podLabels = labels(deployment.path("spec").path("template").path("metadata"));

            ObjectNode kubernetesService = find(documents, "Service", service);
            assertThat(podLabels).containsAllEntriesOf(map(kubernetesService.path("spec").path("selector")));
            assertThat(kubernetesService.path("spec").path("ports").get(0).path("port").asInt())
                    .isEqualTo(PORT_OF.get(service));
            assertThat(kubernetesService.path("spec").path("ports").get(0).path("targetPort").asText())
                    .isEqualTo("http");

            ObjectNode budget = find(documents, "PodDisruptionBudget", service);
            assertThat(podLabels).containsAllEntriesOf(
                    map(budget.path("spec").path("selector").path("matchLabels")));
            assertThat(budget.path("spec").path("minAvailable").asInt())
                    .as("%s: a drain can evict one pod of the smallest scale", service)
                    .isLessThan(find(documents, "ScaledObject", service).path("spec").path("minReplicaCount").asInt());

            JsonNode spread = Kustomize.podSpec(deployment).path("topologySpreadConstraints");
            assertThat(texts(spread, "topologyKey")).contains("kubernetes.io/hostname", "topology.kubernetes.io/zone");
            spread.forEach(constraint -> assertThat(podLabels)
                    .containsAllEntriesOf(map(constraint.path("labelSelector").path("matchLabels"))));
        }));
    }

    @Test
    void eachServiceReachesOnlyItsOwnDatabaseKafkaDnsAndTheIssuer() {
        Map<String, String> issuerPeer = Map.of(
                "dev", "pod{app.kubernetes.io/name=identity-provider}:TCP/9000",
                "prod", "ip{0.0.0.0/0}:TCP/443");
        Map<String, String> smtpPeer = Map.of(
                "dev", "pod{app.kubernetes.io/name=mailpit}:TCP/1025",
                "prod", "ip{0.0.0.0/0}:TCP/587");
        rendered.forEach((overlay, documents) -> DATABASE_OF.forEach((service, database) -> {
            Map<String, String> podLabels = labels(
                    find(documents, "Deployment", service).path("spec").path("template").path("metadata"));
            List<ObjectNode> policies = documents.stream().filter(document -> kind(document).equals("NetworkPolicy"))
                    .filter(policy -> podLabels.entrySet().containsAll(
                            map(policy.path("spec").path("podSelector").path("matchLabels")).entrySet()))
                    .toList();
            assertThat(policies).as("%s %s: a policy of its own", overlay, service)
                    .anySatisfy(policy -> assertThat(name(policy)).isEqualTo(service));
            policies.stream().filter(policy -> !name(policy).equals(service)).forEach(policy ->
                    assertThat(texts(policy.path("spec").path("policyTypes")))
                            .as("%s: only the service's own policy admits traffic", name(policy))
                            .containsExactly("Egress"));

            Set<String> egress = new TreeSet<>();
            Set<String> ingressPorts = new TreeSet<>();
            for (ObjectNode policy : policies) {
                policy.path("spec").path("egress").forEach(rule -> egress.addAll(peers(rule, "to")));
                policy.path("spec").path("ingress").forEach(rule -> rule.path("ports")
                        .forEach(port -> ingressPorts.add(port.path("protocol").asText("TCP") + "/"
                                + port.path("port").asText())));
            }
            List<String> expected = new ArrayList<>(List.of(
                    "ns{kubernetes.io/metadata.name=kube-system}pod{k8s-app=kube-dns}:UDP/53",
                    "ns{kubernetes.io/metadata.name=kube-system}pod{k8s-app=kube-dns}:TCP/53",
                    "pod{cnpg.io/cluster=" + database + "-db}:TCP/5432",
                    "pod{strimzi.io/cluster=orderflow,strimzi.io/kind=Kafka}:TCP/9092",
                    issuerPeer.get(overlay)));
            if (service.equals("notification-service")) {
                expected.add(smtpPeer.get(overlay));
            }
            assertThat(egress).as("%s %s egress", overlay, service).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(ingressPorts).as("%s %s ingress", overlay, service).containsExactly("TCP/" + PORT_OF.get(service));
        }));
    }

    @Test
    void eachServiceUsesItsOwnDatabaseRolesKafkaUserAndTheOverlaysIssuer() {
        rendered.forEach((overlay, documents) -> DATABASE_OF.forEach((service, database) -> {
            Map<String, JsonNode> env = environment(onlyContainer(find(documents, "Deployment", service)));
            ObjectNode cluster = find(documents, "Cluster", database + "-db");
            JsonNode initdb = cluster.path("spec").path("bootstrap").path("initdb");
            String runtimeRole = service.replace('-', '_');

            assertThat(env.get("DATABASE_URL").path("value").asText())
                    .isEqualTo("jdbc:postgresql://" + name(cluster) + "-rw:5432/" + initdb.path("database").asText());
            assertThat(initdb.path("database").asText()).isEqualTo(database);
            assertThat(secretRef(env, "DATABASE_USERNAME")).isEqualTo(secretRef(env, "DATABASE_PASSWORD"))
                    .as("the runtime role's password Secret").isEqualTo(cluster.path("spec").path("managed")
                            .path("roles").get(0).path("passwordSecret").path("name").asText());
            assertThat(env.get("DATABASE_USERNAME").path("valueFrom").path("secretKeyRef").path("key").asText())
                    .isEqualTo("username");
            assertThat(env.get("DATABASE_PASSWORD").path("valueFrom").path("secretKeyRef").path("key").asText())
                    .isEqualTo("password");
            assertThat(secretRef(env, "DATABASE_MIGRATION_USERNAME"))
                    .as("the bootstrap owner's Secret, made by CloudNativePG").isEqualTo(name(cluster) + "-app");
            assertThat(secretRef(env, "DATABASE_MIGRATION_PASSWORD")).isEqualTo(name(cluster) + "-app");
            assertThat(initdb.path("owner").asText()).isEqualTo(runtimeRole + "_migrator");

            assertThat(env.get("KAFKA_USERNAME").path("value").asText()).isEqualTo(service);
            assertThat(secretRef(env, "KAFKA_PASSWORD")).as("the Strimzi User Operator's Secret").isEqualTo(service);
            find(documents, "KafkaUser", service);
            assertThat(env.get("KAFKA_SECURITY_PROTOCOL").path("value").asText()).isEqualTo("SASL_PLAINTEXT");
            assertThat(env.get("KAFKA_SASL_MECHANISM").path("value").asText()).isEqualTo("SCRAM-SHA-512");
            assertThat(env.get("SPRING_PROFILES_ACTIVE").path("value").asText()).isEqualTo("prod");
            assertThat(configMapValue(documents, env.get("KAFKA_BOOTSTRAP_SERVERS")))
                    .isEqualTo("orderflow-kafka-bootstrap." + namespaceOf(overlay) + ".svc:9092");
            assertThat(configMapValue(documents, env.get("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI")))
                    .isNotBlank();
            assertThat(configMapValue(documents, env.get("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES")))
                    .as("%s %s checks the tokens' aud", overlay, service).isNotBlank();
            assertThat(env).doesNotContainKeys("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLIC_KEY_LOCATION",
                    "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI");
            assertThat(onlyContainer(find(documents, "Deployment", service)).path("image").asText())
                    .startsWith("orderflow/" + service + ":");
        }));
    }

    @Test
    void devTrustsTheInClusterIdentityProviderAndProdAPlaceholderToReplace() {
        List<ObjectNode> dev = rendered.get("dev");
        String devIssuer = find(dev, "ConfigMap", "orderflow-environment").path("data").path("issuer-uri").asText();
        assertThat(devIssuer).isEqualTo("http://identity-provider:9000");
        ObjectNode identityProvider = find(dev, "Deployment", "identity-provider");
        assertThat(onlyContainer(identityProvider).path("image").asText()).isEqualTo("orderflow/identity-provider:latest");
        assertThat(configMapValue(dev, environment(onlyContainer(identityProvider)).get("ORDERFLOW_ISSUER")))
                .as("the identity provider's tokens carry the iss the services trust").isEqualTo(devIssuer);
        assertThat(configMapValue(dev, environment(onlyContainer(identityProvider)).get("ORDERFLOW_AUDIENCE")))
                .as("the identity provider's tokens carry the aud the services accept")
                .isEqualTo(configMapValue(dev, environment(onlyContainer(find(dev, "Deployment", "order-service")))
                        .get("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES")))
                .isEqualTo("orderflow-api");
        assertThat(find(dev, "Service", "identity-provider").path("spec").path("ports").get(0).path("port").asInt())
                .isEqualTo(9000);
        assertThat(REPO_ROOT.resolve("identity-provider/pom.xml")).isRegularFile();

        List<ObjectNode> prod = rendered.get("prod");
        assertThat(prod).noneSatisfy(document -> assertThat(name(document)).isIn("identity-provider", "mailpit"));
        JsonNode prodEnvironment = find(prod, "ConfigMap", "orderflow-environment").path("data");
        for (String key : List.of("issuer-uri", "mail-host", "mail-from")) {
            assertThat(prodEnvironment.path(key).asText()).as("prod %s is a placeholder that cannot resolve", key)
                    .containsPattern("\\.invalid(/|$)");
        }
        assertThat(onlyContainer(find(prod, "Deployment", "order-service")).path("image").asText())
                .isEqualTo("orderflow/order-service:0.1.0");
    }

    @Test
    void everyReferencedConfigMapKeyExistsAndEverySecretHasAKnownMaker() {
        rendered.forEach((overlay, documents) -> {
            Set<String> made = new TreeSet<>();
            documents.forEach(document -> {
                switch (kind(document)) {
                    case "KafkaUser" -> made.add(name(document));
                    case "Cluster" -> {
                        made.add(name(document) + "-app");
                        document.path("spec").path("managed").path("roles").forEach(role ->
                                made.add(role.path("passwordSecret").path("name").asText()));
                    }
                    default -> { }
                }
            });
            for (ObjectNode workload : documents) {
                for (ObjectNode container : Kustomize.containers(workload)) {
                    environment(container).forEach((variable, value) -> {
                        JsonNode from = value.path("valueFrom");
                        if (from.has("configMapKeyRef")) {
                            assertThat(configMapValue(documents, value)).as("%s %s", overlay, variable).isNotNull();
                        }
                        if (from.has("secretKeyRef") && !from.path("secretKeyRef").path("optional").asBoolean()) {
                            assertThat(made).as("%s %s: the Secret's maker", overlay, variable)
                                    .contains(from.path("secretKeyRef").path("name").asText());
                        }
                    });
                }
            }
            documents.stream().filter(document -> kind(document).equals("TriggerAuthentication")).forEach(auth -> {
                auth.path("spec").path("secretTargetRef").forEach(ref ->
                        assertThat(made).contains(ref.path("name").asText()));
                auth.path("spec").path("configMapTargetRef").forEach(ref ->
                        assertThat(find(documents, "ConfigMap", ref.path("name").asText()).path("data")
                                .has(ref.path("key").asText())).isTrue());
            });
        });
    }

    @Test
    void theReadmeMakesEveryDatabaseRuntimeSecretTheOperatorDoesNot() throws IOException {
        String readme = Files.readString(KUBERNETES_DIR.resolve("README.md"));
        rendered.get("dev").stream().filter(document -> kind(document).equals("Cluster")).forEach(cluster ->
                cluster.path("spec").path("managed").path("roles").forEach(role -> {
                    assertThat(role.path("passwordSecret").path("name").asText())
                            .as("the Secret the README's loop makes").isEqualTo(name(cluster) + "-runtime");
                    assertThat(readme).contains(name(cluster).replace("-db", "") + ":" + role.path("name").asText());
                }));
        assertThat(readme).contains("-db-runtime").contains("kubernetes.io/basic-auth")
                .contains("kubectl apply -k deploy/kubernetes/overlays/dev");
    }

    @Test
    void noManifestCarriesAPassword() {
        Pattern secretName = Pattern.compile("PASSWORD|SECRET|TOKEN|CREDENTIAL");
        rendered.forEach((overlay, documents) -> {
            assertThat(documents).as("%s: Secrets are made by the operators or by hand, never applied", overlay)
                    .noneSatisfy(document -> assertThat(kind(document)).isEqualTo("Secret"));
            for (ObjectNode document : documents) {
                for (ObjectNode container : Kustomize.containers(document)) {
                    environment(container).forEach((variable, value) -> {
                        if (secretName.matcher(variable).find()) {
                            assertThat(value.has("value")).as("%s %s is a literal", overlay, variable).isFalse();
                        }
                    });
                }
                switch (kind(document)) {
                    case "KafkaUser" -> assertThat(document.path("spec").path("authentication").has("password"))
                            .as("%s: the User Operator generates the password", name(document)).isFalse();
                    case "Cluster" -> {
                        assertThat(document.path("spec").path("bootstrap").path("initdb").has("secret"))
                                .as("%s: the operator generates the owner's password", name(document)).isFalse();
                        assertThat(document.path("spec").path("enableSuperuserAccess").asBoolean(true)).isFalse();
                    }
                    default -> { }
                }
            }
        });
    }

    @Test
    void eachDatabaseHasTheMigrationAndRuntimeRolesOfDockerCompose() throws IOException {
        String script = Files.readString(MODULE_DIR.resolve("postgres/init/01-databases.sh"));
        Matcher heredoc = Pattern.compile("<<'SQL'\\n(.*?)\\nSQL\\n", Pattern.DOTALL).matcher(script);
        assertThat(heredoc.find()).isTrue();
        List<String> template = heredoc.group(1).lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("CREATE ROLE") && !line.startsWith("CREATE DATABASE")
                        && !line.startsWith("\\connect"))
                .map(line -> line.endsWith(";") ? line.substring(0, line.length() - 1) : line).toList();
        Map<String, String> roleOf = new TreeMap<>();
        Matcher call = Pattern.compile("(?m)^create_service_database\\s+(\\S+)\\s+(\\S+)").matcher(script);
        while (call.find()) {
            roleOf.put(call.group(2), call.group(1));
        }
        assertThat(roleOf).containsOnlyKeys(DATABASE_OF.values());

        rendered.forEach((overlay, documents) -> roleOf.forEach((database, role) -> {
            JsonNode spec = find(documents, "Cluster", database + "-db").path("spec");
            List<String> expected = new ArrayList<>();
            expected.add("CREATE ROLE " + role + " NOLOGIN");
            template.forEach(line -> expected.add(line.replace(":\"owner\"", role + "_migrator")
                    .replace(":\"role\"", role).replace(":\"database\"", database)));
            assertThat(texts(spec.path("bootstrap").path("initdb").path("postInitApplicationSQL")))
                    .as("%s %s: the grants of 01-databases.sh", overlay, database).isEqualTo(expected);
            assertThat(spec.path("bootstrap").path("initdb").path("owner").asText()).isEqualTo(role + "_migrator");

            JsonNode roles = spec.path("managed").path("roles");
            assertThat(roles).hasSize(1);
            JsonNode runtime = roles.get(0);
            assertThat(runtime.path("name").asText()).isEqualTo(role);
            assertThat(runtime.path("login").asBoolean()).isTrue();
            for (String power : List.of("superuser", "createdb", "createrole", "replication", "bypassrls")) {
                assertThat(runtime.path(power).asBoolean(true)).as("%s %s", role, power).isFalse();
            }
        }));
    }

    @Test
    void eachKafkaUsersAclsEqualThoseOfDockerComposeAndTheLocalRun() {
        assertThat(setupAcls).containsOnlyKeys("order_service", "inventory_service", "notification_service",
                "orderflow_ops", "orderflow_viewer", "kafka_ui");
        rendered.forEach((overlay, documents) -> {
            Map<String, Set<String>> manifests = new TreeMap<>();
            documents.stream().filter(document -> kind(document).equals("KafkaUser")).forEach(user -> {
                assertThat(user.path("spec").path("authentication").path("type").asText()).isEqualTo("scram-sha-512");
                assertThat(user.path("metadata").path("labels").path("strimzi.io/cluster").asText())
                        .isEqualTo("orderflow");
                manifests.put(name(user).replace('-', '_'), acls(user));
            });
            assertThat(manifests).as(overlay).isEqualTo(setupAcls);
        });
    }

    @Test
    void everyTopicOfTheSetupScriptHasSixPartitionsThreeReplicasAndMinInsyncBelowThem() throws IOException {
        Matcher list = Pattern.compile("(?m)^topics=\\(([^)]*)\\)").matcher(
                Files.readString(MODULE_DIR.resolve("kafka/setup.sh")));
        assertThat(list.find()).isTrue();
        List<String> setupTopics = List.of(list.group(1).strip().split("\\s+"));
        rendered.forEach((overlay, documents) -> {
            List<ObjectNode> topics = documents.stream().filter(document -> kind(document).equals("KafkaTopic"))
                    .toList();
            assertThat(topics).extracting(topic -> topic.path("spec").path("topicName").asText())
                    .containsExactlyInAnyOrderElementsOf(setupTopics);
            for (ObjectNode topic : topics) {
                JsonNode spec = topic.path("spec");
                assertThat(spec.path("partitions").asInt()).as(name(topic)).isEqualTo(6);
                assertThat(spec.path("replicas").asInt()).as(name(topic)).isEqualTo(3);
                assertThat(spec.path("config").path("min.insync.replicas").asInt()).as(name(topic))
                        .isEqualTo(2).isLessThan(spec.path("replicas").asInt());
            }
            JsonNode kafka = find(documents, "Kafka", "orderflow").path("spec").path("kafka");
            assertThat(kafka.path("config").path("auto.create.topics.enable").asBoolean(true)).isFalse();
            assertThat(kafka.path("config").path("min.insync.replicas").asInt())
                    .isLessThan(kafka.path("config").path("default.replication.factor").asInt());
            int brokers = documents.stream().filter(document -> kind(document).equals("KafkaNodePool"))
                    .filter(pool -> texts(pool.path("spec").path("roles")).contains("broker"))
                    .mapToInt(pool -> pool.path("spec").path("replicas").asInt()).sum();
            assertThat(brokers).as("%s: brokers for three replicas", overlay).isEqualTo(3);
        });
    }

    @Test
    void kedaNeverScalesAConsumerBeyondThePartitionsOfItsTopic() {
        rendered.forEach((overlay, documents) -> {
            Map<String, Integer> partitions = documents.stream().filter(document -> kind(document).equals("KafkaTopic"))
                    .collect(Collectors.toMap(topic -> topic.path("spec").path("topicName").asText(),
                            topic -> topic.path("spec").path("partitions").asInt()));
            int fewest = partitions.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
            Map<String, String> triggers = new TreeMap<>();
            documents.stream().filter(document -> kind(document).equals("ScaledObject")).forEach(scaled -> {
                JsonNode spec = scaled.path("spec");
                String target = spec.path("scaleTargetRef").path("name").asText();
                find(documents, "Deployment", target);
                int max = spec.path("maxReplicaCount").asInt();
                assertThat(max).as("%s maxReplicaCount", target).isLessThanOrEqualTo(fewest)
                        .isGreaterThanOrEqualTo(spec.path("minReplicaCount").asInt());
                for (JsonNode trigger : spec.path("triggers")) {
                    String type = trigger.path("type").asText();
                    triggers.put(target, type);
                    if (type.equals("kafka")) {
                        JsonNode metadata = trigger.path("metadata");
                        String topic = metadata.path("topic").asText();
                        assertThat(partitions).containsKey(topic);
                        assertThat(max).as("%s scales on %s", target, topic).isLessThanOrEqualTo(partitions.get(topic));
                        assertThat(metadata.path("consumerGroup").asText()).isEqualTo(target);
                        assertThat(metadata.path("sasl").asText()).isEqualTo("scram_sha512");
                        assertThat(environment(onlyContainer(find(documents, "Deployment", target))))
                                .containsKey(metadata.path("bootstrapServersFromEnv").asText());
                        find(documents, "TriggerAuthentication", trigger.path("authenticationRef").path("name").asText());
                    }
                }
            });
            assertThat(triggers).as(overlay).isEqualTo(Map.of("order-service", "cpu",
                    "inventory-service", "kafka", "notification-service", "kafka"));
            documents.stream().filter(document -> kind(document).equals("ScaledObject"))
                    .filter(scaled -> !name(scaled).equals("order-service")).forEach(scaled -> assertThat(
                            scaled.path("spec").path("triggers").get(0).path("metadata").path("topic").asText())
                            .isEqualTo("order-events"));
        });
    }

    @Test
    void kedaReadsLagAsTheReadOnlyViewer() {
        rendered.forEach((overlay, documents) -> {
            JsonNode auth = find(documents, "TriggerAuthentication", "kafka-lag-reader").path("spec");
            String user = auth.path("secretTargetRef").get(0).path("name").asText();
            JsonNode usernameRef = auth.path("configMapTargetRef").get(0);
            assertThat(find(documents, "ConfigMap", usernameRef.path("name").asText()).path("data")
                    .path(usernameRef.path("key").asText()).asText()).isEqualTo(user);
            assertThat(setupAcls.get(user.replace('-', '_'))).isNotEmpty().allSatisfy(acl ->
                    assertThat(acl.substring(acl.lastIndexOf(':') + 1)).isIn("Read", "Describe", "DescribeConfigs"));
        });
    }

    @Test
    void theRendererFailsOnAKustomizationFeatureItDoesNotApply() throws IOException {
        Path overlay = Files.createDirectories(work.resolve("unknown-feature"));
        Files.writeString(overlay.resolve("kustomization.yaml"), "resources: []\ncommonLabels: { a: b }\n");
        assertThatThrownBy(() -> Kustomize.render(overlay)).hasMessageContaining("commonLabels");

        Path patched = Files.createDirectories(work.resolve("unmatched-patch"));
        Files.writeString(patched.resolve("kustomization.yaml"), """
                resources: [ cm.yaml ]
                patches:
                  - target: { kind: ConfigMap, name: other }
                    patch: '[{"op": "replace", "path": "/data/a", "value": "c"}]'
                """);
        Files.writeString(patched.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cm }\n"
                + "data: { a: b }\n");
        assertThatThrownBy(() -> Kustomize.render(patched)).hasMessageContaining("matches no resource");
    }

    /** Runs deploy/kafka/setup.sh with stand-ins for the Kafka tools that record kafka-acls.sh's arguments. */
    private static Map<String, Set<String>> aclsGrantedBySetupScript() throws Exception {
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path log = work.resolve("kafka-acls.log");
        for (String tool : List.of("kafka-topics.sh", "kafka-configs.sh", "kafka-acls.sh")) {
            Path stub = bin.resolve(tool);
            Files.writeString(stub, tool.equals("kafka-acls.sh")
                    ? "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '" + log + "'\necho '--end' >> '" + log + "'\n"
                    : "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path script = MODULE_DIR.resolve("kafka/setup.sh");
        ProcessBuilder setup = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("setup.out").toFile());
        Matcher variable = Pattern.compile("\\$\\{?([A-Z][A-Z0-9_]*_PASSWORD)").matcher(Files.readString(script));
        while (variable.find()) {
            setup.environment().put(variable.group(1), "not-a-password");
        }
        setup.environment().put("KAFKA_BIN", bin.toString());
        Process process = setup.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0)
                .as("setup.sh with stand-in tools: %s", Files.readString(work.resolve("setup.out"))).isTrue();

        Map<String, Set<String>> acls = new TreeMap<>();
        List<String> arguments = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (!line.equals("--end")) {
                arguments.add(line);
                continue;
            }
            List<String> principals = new ArrayList<>();
            List<String> operations = new ArrayList<>();
            List<String> resources = new ArrayList<>();
            String pattern = "LITERAL";
            for (int i = 0; i < arguments.size(); i++) {
                String argument = arguments.get(i);
                switch (argument) {
                    case "--allow-principal" -> {
                        Matcher principal = ACL_PRINCIPAL.matcher(arguments.get(++i));
                        assertThat(principal.matches()).isTrue();
                        principals.add(principal.group(1));
                    }
                    case "--operation" -> operations.add(arguments.get(++i));
                    case "--topic" -> resources.add("TOPIC:" + arguments.get(++i));
                    case "--group" -> resources.add("GROUP:" + arguments.get(++i));
                    case "--cluster" -> resources.add("CLUSTER:kafka-cluster");
                    case "--resource-pattern-type" -> pattern = arguments.get(++i).toUpperCase();
                    case "--bootstrap-server", "--command-config" -> i++;
                    case "--add", "--force" -> { }
                    default -> throw new IllegalStateException("setup.sh passes kafka-acls.sh " + argument
                            + ", which this test does not understand");
                }
            }
            for (String principal : principals) {
                for (String resource : resources) {
                    for (String operation : operations) {
                        acls.computeIfAbsent(principal, key -> new TreeSet<>())
                                .add(resource + ":" + pattern + ":" + operation);
                    }
                }
            }
            arguments.clear();
        }
        return acls;
    }

    /** A KafkaUser's ACLs in the form of {@link #aclsGrantedBySetupScript()}: TYPE:name:PATTERN:Operation. */
    private static Set<String> acls(JsonNode user) {
        Set<String> acls = new TreeSet<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            assertThat(acl.path("type").asText("allow")).isEqualTo("allow");
            assertThat(acl.path("host").asText("*")).isEqualTo("*");
            JsonNode resource = acl.path("resource");
            String type = resource.path("type").asText().toUpperCase();
            String name = type.equals("CLUSTER") ? "kafka-cluster" : resource.path("name").asText();
            String pattern = resource.path("patternType").asText("literal").equals("prefix") ? "PREFIXED" : "LITERAL";
            acl.path("operations").forEach(operation ->
                    acls.add(type + ":" + name + ":" + pattern + ":" + operation.asText()));
        }
        return acls;
    }

    /** Describes each peer of a NetworkPolicy rule with each of its ports, e.g. pod{a=b}:TCP/5432. */
    private static List<String> peers(JsonNode rule, String direction) {
        List<String> peers = new ArrayList<>();
        for (JsonNode peer : rule.path(direction)) {
            StringBuilder described = new StringBuilder();
            if (peer.has("namespaceSelector")) {
                described.append("ns").append(selector(peer.get("namespaceSelector")));
            }
            if (peer.has("podSelector")) {
                described.append("pod").append(selector(peer.get("podSelector")));
            }
            if (peer.has("ipBlock")) {
                described.append("ip{").append(peer.get("ipBlock").path("cidr").asText()).append('}');
            }
            for (JsonNode port : rule.path("ports")) {
                peers.add(described + ":" + port.path("protocol").asText("TCP") + "/" + port.path("port").asText());
            }
        }
        return peers;
    }

    private static String selector(JsonNode selector) {
        assertThat(selector.has("matchExpressions")).isFalse();
        return map(selector.path("matchLabels")).entrySet().stream().map(entry -> entry.getKey() + "="
                + entry.getValue()).collect(Collectors.joining(",", "{", "}"));
    }

    private static String namespaceOf(String overlay) {
        return overlay.equals("dev") ? "orderflow-dev" : "orderflow";
    }

    static ObjectNode find(List<ObjectNode> documents, String kind, String name) {
        Optional<ObjectNode> found = documents.stream()
                .filter(document -> kind(document).equals(kind) && name(document).equals(name)).findFirst();
        assertThat(found).as("%s %s", kind, name).isPresent();
        return found.get();
    }

    static String kind(JsonNode document) {
        return document.path("kind").asText();
    }

    static String name(JsonNode document) {
        return document.path("metadata").path("name").asText();
    }

    private static ObjectNode onlyContainer(JsonNode workload) {
        List<ObjectNode> containers = Kustomize.containers(workload);
        assertThat(containers).as("%s: one container (the resource patches address containers/0)", name(workload))
                .hasSize(1);
        return containers.getFirst();
    }

    private static Map<String, JsonNode> environment(JsonNode container) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        container.path("env").forEach(variable -> env.put(variable.path("name").asText(), variable));
        return env;
    }

    private static String secretRef(Map<String, JsonNode> env, String variable) {
        assertThat(env).containsKey(variable);
        return env.get(variable).path("valueFrom").path("secretKeyRef").path("name").asText();
    }

    /** The value a configMapKeyRef variable gets from a rendered ConfigMap, or null when there is none. */
    private static String configMapValue(List<ObjectNode> documents, JsonNode variable) {
        JsonNode ref = variable.path("valueFrom").path("configMapKeyRef");
        return documents.stream().filter(document -> kind(document).equals("ConfigMap")
                        && name(document).equals(ref.path("name").asText()))
                .map(configMap -> configMap.path("data").path(ref.path("key").asText()))
                .filter(JsonNode::isTextual).map(JsonNode::asText).findFirst().orElse(null);
    }

    private static Map<String, String> labels(JsonNode metadata) {
        return map(metadata.path("labels"));
    }

    /** A service's src/main/resources/application.yml. */
    private static JsonNode applicationYml(String service) {
        return Kustomize.readAll(REPO_ROOT.resolve(service).resolve("src/main/resources/application.yml")).getFirst();
    }

    /** A service's spring.lifecycle.timeout-per-shutdown-phase, in whole seconds. */
    private static int shutdownPhaseSeconds(String service) {
        String timeout = applicationYml(service).path("spring").path("lifecycle").path("timeout-per-shutdown-phase")
                .asText();
        Matcher seconds = Pattern.compile("(\\d+)s").matcher(timeout);
        assertThat(seconds.matches()).as("%s spring.lifecycle.timeout-per-shutdown-phase in seconds: %s", service,
                timeout).isTrue();
        return Integer.parseInt(seconds.group(1));
    }

    /** The health contributors a health group includes. */
    private static List<String> includes(JsonNode health, String group) {
        return List.of(health.path("group").path(group).path("include").asText().split("\\s*,\\s*"));
    }

    private static Map<String, String> map(JsonNode object) {
        Map<String, String> map = new TreeMap<>();
        object.properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().asText()));
        return map;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    /** Every value of {@code field} anywhere under {@code node}. */
    private static List<String> texts(JsonNode node, String field) {
        return node.findValues(field).stream().map(JsonNode::asText).toList();
    }
}
