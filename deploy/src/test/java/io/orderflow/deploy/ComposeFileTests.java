package io.orderflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks docker-compose.yml without a Docker engine: against the Compose Specification's JSON Schema (vendored as
 * deploy/compose-spec.schema.json, see deploy/README.md) and against what Orderflow needs from it.
 */
class ComposeFileTests {

    private static final Path MODULE_DIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static final Path REPO_ROOT = MODULE_DIR.getParent();
    private static final Path COMPOSE_FILE = REPO_ROOT.resolve("docker-compose.yml");
    private static final Path SCHEMA_FILE = MODULE_DIR.resolve("compose-spec.schema.json");

    /** The application services: built from this repository, one database each. */
    private static final Map<String, String> DATABASE_OF = Map.of(
            "order-service", "orders",
            "inventory-service", "inventory",
            "notification-service", "notifications");

    /** The development identity provider: built from this repository like the services, with no database. */
    private static final String IDENTITY_PROVIDER = "identity-provider";

    /** The issuer the identity provider puts into its tokens and the services trust: its address in the network. */
    private static final String ISSUER = "http://identity-provider:9000";

    /** Host ports of ../shared/api.md: service -> (container port -> default host port). */
    private static final Map<String, Map<Integer, Integer>> CONTRACT_PORTS = Map.of(
            "order-service", Map.of(8081, 8081),
            "inventory-service", Map.of(8082, 8082),
            "notification-service", Map.of(8083, 8083),
            "kafka", Map.of(9092, 9092),
            "mailpit", Map.of(1025, 3025));

    /** "127.0.0.1:${NAME:-default}:containerPort": loopback only, host port overridable. The only form the file uses. */
    private static final Pattern OVERRIDABLE_PORT =
            Pattern.compile("^127\\.0\\.0\\.1:\\$\\{([A-Z][A-Z0-9_]*):-(\\d+)}:(\\d+)$");

    private static final Pattern JSON_TITLE = Pattern.compile("\"title\"\\s*:\\s*\"Compose Specification\"");
    private static final ObjectMapper YAML = new YAMLMapper();

    private static JsonNode compose;
    private static JsonSchema composeSpec;

    @BeforeAll
    static void load() throws IOException {
        compose = YAML.readTree(COMPOSE_FILE.toFile());
        // the schema's "$id" is relative ("compose_spec.json"): give it the file's own location as its base
        composeSpec = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(
                SchemaLocation.of(SCHEMA_FILE.toUri().toString()),
                new ObjectMapper().readTree(SCHEMA_FILE.toFile()),
                SchemaValidatorsConfig.builder().build());
    }

    @Test
    void theComposeFileConformsToTheComposeSpecification() {
        assertThat(composeSpec.validate(compose)).isEmpty();
    }

    @Test
    void theSchemaCheckRejectsWhatComposeWouldReject() {
        ObjectNode broken = compose.deepCopy();
        ObjectNode orderService = (ObjectNode) broken.path("services").path("order-service");
        orderService.put("helthcheck", "typo");
        ((ObjectNode) orderService.path("depends_on").path("kafka")).put("condition", "service_ready");
        ((ObjectNode) orderService.path("healthcheck")).put("intervall", "10s");

        Set<ValidationMessage> errors = composeSpec.validate(broken);

        assertThat(errors).extracting(ValidationMessage::getMessage)
                .anySatisfy(message -> assertThat(message).contains("helthcheck"))
                .anySatisfy(message -> assertThat(message).contains("condition"))
                .anySatisfy(message -> assertThat(message).contains("healthcheck: property 'intervall'"));
    }

    @Test
    void theVendoredSchemaIsTheCopyRecordedInTheReadme() throws Exception {
        String sha256 = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(SCHEMA_FILE)));
        assertThat(Files.readString(MODULE_DIR.resolve("README.md"))).contains(sha256);
        assertThat(JSON_TITLE.matcher(Files.readString(SCHEMA_FILE)).find()).isTrue();
    }

    @Test
    void theFileUsesTheComposeSpecificationWithoutTheObsoleteVersionKey() {
        assertThat(compose.has("version")).as("top-level 'version' key").isFalse();
        assertThat(compose.path("services").isObject()).isTrue();
    }

    @Test
    void everyServerHasAHealthCheckAndEveryJobRunsOnce() {
        services().forEach((name, service) -> {
            if (isJob(service)) {
                // a job's health is its exit code, which service_completed_successfully waits for
                assertThat(service.has("healthcheck")).as("%s is a job and has no health check", name).isFalse();
                return;
            }
            JsonNode healthcheck = service.path("healthcheck");
            assertThat(healthcheck.isObject()).as("%s has a healthcheck", name).isTrue();
            assertThat(healthcheck.path("disable").asBoolean(false)).as("%s healthcheck disabled", name).isFalse();
            JsonNode test = healthcheck.path("test");
            assertThat(test.isArray() || test.isTextual()).as("%s healthcheck test", name).isTrue();
            if (test.isArray()) {
                assertThat(test.size()).as("%s healthcheck test", name).isGreaterThanOrEqualTo(2);
                assertThat(test.get(0).asText()).as("%s healthcheck test", name).isIn("CMD", "CMD-SHELL");
            }
        });
    }

    @Test
    void everyDependsOnWaitsForAHealthyOrStartedServiceOfThisFile() {
        Map<String, JsonNode> services = services();
        services.forEach((name, service) -> {
            JsonNode dependsOn = service.path("depends_on");
            if (dependsOn.isMissingNode()) {
                return;
            }
            assertThat(dependsOn.isObject())
                    .as("%s: depends_on in the long form, with a condition for each dependency", name).isTrue();
            dependsOn.properties().forEach(dependency -> {
                String target = dependency.getKey();
                String condition = dependency.getValue().path("condition").asText();
                assertThat(services).as("%s depends on %s, a service of this file", name, target).containsKey(target);
                assertThat(condition).as("%s -> %s", name, target)
                        .isIn("service_healthy", "service_started", "service_completed_successfully");
                assertThat(condition.equals("service_completed_successfully"))
                        .as("%s -> %s: a job is waited for until it has completed, a server until it is healthy", name,
                                target)
                        .isEqualTo(isJob(services.get(target)));
                if (condition.equals("service_healthy")) {
                    assertThat(services.get(target).has("healthcheck")).as("%s has a health check", target).isTrue();
                }
            });
        });
        for (String application : DATABASE_OF.keySet()) {
            assertThat(condition(application, "kafka")).isEqualTo("service_healthy");
            assertThat(condition(application, "postgres")).isEqualTo("service_healthy");
        }
        assertThat(condition("notification-service", "mailpit")).isEqualTo("service_healthy");
        assertThat(condition("kafka-ui", "kafka")).isEqualTo("service_healthy");
    }

    @Test
    void publishedPortsMatchTheApiContract() {
        CONTRACT_PORTS.forEach((service, expected) ->
                assertThat(publishedPorts(service)).as("%s: container port -> default host port", service)
                        .containsAllEntriesOf(expected));
        assertThat(publishedPorts("kafka-ui")).containsEntry(8080, 8080);
        assertThat(publishedPorts("mailpit")).containsEntry(8025, 8025);
    }

    @Test
    void everyPublishedPortListensOnLoopbackOnAHostPortThatAnEnvironmentVariableCanMove() {
        Map<Integer, String> defaultHostPorts = new LinkedHashMap<>();
        services().forEach((name, service) -> service.path("ports").forEach(port -> {
            Matcher matcher = OVERRIDABLE_PORT.matcher(port.asText());
            assertThat(matcher.matches())
                    .as("%s publishes %s as \"127.0.0.1:${NAME:-default}:containerPort\"", name, port.asText())
                    .isTrue();
            String clash = defaultHostPorts.put(Integer.parseInt(matcher.group(2)), name);
            assertThat(clash).as("default host port %s used twice", matcher.group(2)).isNull();
        }));
    }

    @Test
    void applicationServicesAreBuiltFromTheSharedDockerfileForAModuleOfTheBuild() throws IOException {
        String rootPom = Files.readString(REPO_ROOT.resolve("pom.xml"));
        List<String> modules = new ArrayList<>();
        Matcher module = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>").matcher(rootPom);
        while (module.find()) {
            modules.add(module.group(1));
        }

        services().forEach((name, service) -> {
            JsonNode build = service.path("build");
            if (build.isMissingNode()) {
                assertThat(service.path("image").asText()).as("%s: an image or a build", name).isNotBlank();
                return;
            }
            assertThat(service.has("image")).as("%s: build or image, not both", name).isFalse();
            assertThat(build.path("context").asText()).as("%s build context", name).isEqualTo(".");
            String dockerfile = build.path("dockerfile").asText();
            assertThat(dockerfile).as("%s dockerfile", name).isEqualTo("deploy/service.Dockerfile");
            assertThat(REPO_ROOT.resolve(dockerfile)).isRegularFile();

            String moduleName = build.path("args").path("SERVICE").asText();
            assertThat(moduleName).as("%s: build arg SERVICE", name).isEqualTo(name);
            assertThat(modules).as("modules of the root pom").contains(moduleName);
            assertThat(REPO_ROOT.resolve(moduleName).resolve("pom.xml")).isRegularFile();

            String port = build.path("args").path("SERVICE_PORT").asText();
            assertThat(environment(name)).containsEntry("SERVER_PORT", port);
            assertThat(publishedPorts(name)).containsKey(Integer.parseInt(port));
            assertThat(service.path("healthcheck").path("test").toString())
                    .as("%s health check asks its own port", name)
                    .contains("http://localhost:" + port + "/actuator/health");
        });
        assertThat(services().entrySet().stream().filter(e -> e.getValue().has("build")).map(Map.Entry::getKey))
                .containsExactlyInAnyOrderElementsOf(builtServices());
        assertThat(environment(IDENTITY_PROVIDER)).as("the identity provider has no database and no broker")
                .doesNotContainKeys("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void theServicesTrustTheIdentityProviderContainerAsTheirIssuer() throws IOException {
        String identityProviderPort = compose.path("services").path(IDENTITY_PROVIDER).path("build").path("args")
                .path("SERVICE_PORT").asText();
        assertThat(ISSUER).as("the issuer is the identity provider's address in the compose network")
                .isEqualTo("http://" + IDENTITY_PROVIDER + ":" + identityProviderPort);
        Map<String, String> identityProvider = environment(IDENTITY_PROVIDER);
        assertThat(identityProvider).containsEntry("ORDERFLOW_ISSUER", ISSUER);
        assertThat(publishedPorts(IDENTITY_PROVIDER)).containsEntry(9000, 9000);

        // the identity provider reads the issuer and each client's secret from the variables the compose file sets
        String configuration = Files.readString(
                REPO_ROOT.resolve(IDENTITY_PROVIDER).resolve("src/main/resources/application.yml"));
        assertThat(configuration).contains("${ORDERFLOW_ISSUER:");
        identityProvider.keySet().stream().filter(name -> name.endsWith("_CLIENT_SECRET")).forEach(secret ->
                assertThat(configuration).contains("${" + secret + ":"));
        assertThat(identityProvider.keySet().stream().filter(name -> name.endsWith("_CLIENT_SECRET")))
                .containsExactlyInAnyOrder("STOREFRONT_CLIENT_SECRET", "OPS_CLIENT_SECRET", "CUSTOMER_CLIENT_SECRET");

        for (String name : DATABASE_OF.keySet()) {
            assertThat(environment(name)).as(name)
                    .containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI", ISSUER)
                    .doesNotContainKeys("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLIC_KEY_LOCATION",
                            "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI");
            assertThat(condition(name, IDENTITY_PROVIDER)).as(name).isEqualTo("service_healthy");
            assertThat(services().get(name).path("volumes").toString()).as("%s volumes", name)
                    .doesNotContain("dev-issuer");
        }
    }

    @Test
    void theServicesCheckTheIssuerAndTheAudienceOfTheIdentityProvidersTokens() throws IOException {
        String audience = environment(IDENTITY_PROVIDER).get("ORDERFLOW_AUDIENCE");
        assertThat(audience).as("the aud of the identity provider's tokens").isNotBlank();
        assertThat(Files.readString(REPO_ROOT.resolve(IDENTITY_PROVIDER).resolve("src/main/resources/application.yml")))
                .contains("${ORDERFLOW_AUDIENCE:" + audience + "}");
        Properties securityDefaults = new Properties();
        try (var defaults = Files.newBufferedReader(
                REPO_ROOT.resolve("platform/web/src/main/resources/orderflow-web-defaults.properties"))) {
            securityDefaults.load(defaults);
        }
        assertThat(securityDefaults.getProperty("spring.security.oauth2.resourceserver.jwt.audiences"))
                .as("the services' own default audience").isEqualTo(audience);

        for (String name : DATABASE_OF.keySet()) {
            Map<String, String> env = environment(name);
            assertThat(env).as(name)
                    .containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI",
                            environment(IDENTITY_PROVIDER).get("ORDERFLOW_ISSUER"))
                    .containsEntry("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES", audience);
            assertThat(env.getOrDefault("ORDERFLOW_SECURITY_ISSUER", ISSUER)).as("%s issuer", name)
                    .isEqualTo(ISSUER);
        }
    }

    @Test
    void eachApplicationServiceReachesKafkaAndItsOwnDatabase() {
        DATABASE_OF.forEach((name, database) -> {
            Map<String, String> env = environment(name);
            assertThat(env).as(name)
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:29092")
                    .containsEntry("DATABASE_URL", "jdbc:postgresql://postgres:5432/" + database)
                    .containsEntry("DATABASE_USERNAME", name.replace('-', '_'))
                    .containsKey("DATABASE_PASSWORD")
                    .containsEntry("DATABASE_MIGRATION_USERNAME", name.replace('-', '_') + "_migrator")
                    .containsKey("DATABASE_MIGRATION_PASSWORD");
        });
        assertThat(environment("notification-service"))
                .containsEntry("MAIL_HOST", "mailpit")
                .containsEntry("MAIL_PORT", "1025")
                .containsKey("MAIL_FROM");
        assertThat(environment("kafka").get("KAFKA_ADVERTISED_LISTENERS")).contains("://kafka:29092");
        assertThat(environment("kafka-ui")).containsEntry("KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS", "kafka:29092");
    }

    @Test
    void thePostgresInitScriptCreatesEveryServiceDatabaseWithAMigrationRoleAndARuntimeRole() throws IOException {
        String mount = "./deploy/postgres/init:/docker-entrypoint-initdb.d:ro";
        assertThat(services().get("postgres").path("volumes").toString()).contains(mount);
        Path script = REPO_ROOT.resolve("deploy/postgres/init/01-databases.sh");
        String text = Files.readString(script);
        DATABASE_OF.forEach((service, database) -> {
            String role = service.replace('-', '_');
            assertThat(text).containsPattern("create_service_database\\s+" + role + "\\s+" + database + "\\s");
            String passwordVariable = service.toUpperCase().replace('-', '_') + "_DB_PASSWORD";
            assertThat(environment("postgres")).as("postgres passes %s to the init script", passwordVariable)
                    .containsKey(passwordVariable);
            assertThat(environment(service).get("DATABASE_PASSWORD")).contains(passwordVariable);
            String migrationVariable = service.toUpperCase().replace('-', '_') + "_DB_MIGRATION_PASSWORD";
            assertThat(environment("postgres")).containsKey(migrationVariable);
            assertThat(environment(service).get("DATABASE_MIGRATION_PASSWORD")).contains(migrationVariable);
        });
    }

    @Test
    void theBrokerTakesSaslLoginsOnlyAndAuthorizesWithAclsThatDenyByDefault() {
        Map<String, String> broker = brokerProperties();
        assertThat(broker.get("listener.security.protocol.map"))
                .isEqualTo("INTERNAL:SASL_PLAINTEXT,EXTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        assertThat(broker)
                .containsEntry("sasl.mechanism.inter.broker.protocol", "PLAIN")
                .containsEntry("sasl.mechanism.controller.protocol", "PLAIN")
                .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("super.users", "User:admin")
                .containsEntry("allow.everyone.if.no.acl.found", "false");
        for (String listener : List.of("internal", "external")) {
            assertThat(broker).containsEntry("listener.name." + listener + ".sasl.enabled.mechanisms",
                    "SCRAM-SHA-512,PLAIN");
            assertThat(broker.get("listener.name." + listener + ".scram-sha-512.sasl.jaas.config"))
                    .startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required");
            assertThat(broker.get("listener.name." + listener + ".plain.sasl.jaas.config"))
                    .contains("username=\"admin\"", "user_admin=\"${KAFKA_ADMIN_PASSWORD:-");
        }
        assertThat(broker).containsEntry("listener.name.controller.sasl.enabled.mechanisms", "PLAIN")
                .containsKey("listener.name.controller.plain.sasl.jaas.config");
        assertThat(services().get("kafka").path("healthcheck").path("test").toString())
                .contains("--command-config", "security.protocol=SASL_PLAINTEXT");
    }

    @Test
    void eachApplicationServiceLogsInToKafkaAsItsOwnUserThatKafkaSetupMakesFirst() throws IOException {
        String setup = Files.readString(REPO_ROOT.resolve("deploy/kafka/setup.sh"));
        Map<String, String> setupEnvironment = environment("kafka-setup");
        DATABASE_OF.keySet().forEach(service -> {
            String user = service.replace('-', '_');
            String passwordVariable = service.toUpperCase().replace('-', '_') + "_KAFKA_PASSWORD";
            assertThat(environment(service)).as(service)
                    .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                    .containsEntry("KAFKA_USERNAME", user);
            assertThat(environment(service).get("KAFKA_PASSWORD")).contains("${" + passwordVariable + ":-");
            assertThat(setupEnvironment.get(passwordVariable)).isEqualTo(environment(service).get("KAFKA_PASSWORD"));
            assertThat(setup).containsPattern("scram_user " + user + " \"\\$" + passwordVariable + "\"");
            assertThat(condition(service, "kafka-setup")).isEqualTo("service_completed_successfully");
        });
        assertThat(setup)
                .contains("service order_service order-events inventory-events order-service literal")
                .contains("service inventory_service inventory-events order-events inventory- prefixed")
                .contains("service notification_service \"\" order-events notification-service literal");
        assertThat(services().get("kafka-setup").path("volumes").toString())
                .contains("./deploy/kafka/setup.sh:/opt/orderflow/setup.sh:ro");
        assertThat(environment("kafka-setup").get("KAFKA_ADMIN_PASSWORD"))
                .isEqualTo(environment("kafka").get("ORDERFLOW_ADMIN_PASSWORD"));
    }

    @Test
    void kafkaUiIsAReadOnlyViewBehindALoginWithABrokerUserOfItsOwn() {
        Map<String, String> env = environment("kafka-ui");
        assertThat(env)
                .containsEntry("KAFKA_CLUSTERS_0_READONLY", "true")
                .containsEntry("KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                .containsEntry("KAFKA_CLUSTERS_0_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("AUTH_TYPE", "LOGIN_FORM")
                .containsKeys("SPRING_SECURITY_USER_NAME", "SPRING_SECURITY_USER_PASSWORD");
        assertThat(env.get("KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG")).contains("username=\"kafka_ui\"");
        assertThat(condition("kafka-ui", "kafka-setup")).isEqualTo("service_completed_successfully");
    }

    @Test
    void theBrokerIsASingleKraftNodeWhoseTopicsKafkaSetupCreates() {
        Map<String, String> env = environment("kafka");
        assertThat(services().get("kafka").path("image").asText()).startsWith("apache/kafka:4.1.");
        assertThat(env)
                .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_NUM_PARTITIONS", "6")
                .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .containsKeys("KAFKA_NODE_ID", "KAFKA_CONTROLLER_QUORUM_VOTERS", "CLUSTER_ID", "KAFKA_LOG_DIRS");
        assertThat(services().get("kafka").path("volumes").toString()).contains(":" + env.get("KAFKA_LOG_DIRS"));
    }

    @Test
    void applicationContainersRestartAndSizeTheirHeapToTheirMemoryLimit() {
        for (String name : builtServices()) {
            JsonNode service = compose.path("services").path(name);
            assertThat(service.path("restart").asText()).as(name).isEqualTo("unless-stopped");
            assertThat(environment(name).get("JAVA_TOOL_OPTIONS")).as(name).contains("-XX:MaxRAMPercentage=");
            assertThat(service.path("deploy").path("resources").path("limits").path("memory").asText())
                    .as("%s memory limit", name).isNotBlank();
        }
    }

    @Test
    void theServiceImageRunsAsANonRootUserChecksItsOwnHealthAndStartsFromItsAotCache() throws IOException {
        String dockerfile = Files.readString(MODULE_DIR.resolve("service.Dockerfile"));
        assertThat(dockerfile)
                .contains("FROM maven:3.9-eclipse-temurin-25 AS build")
                .contains("--mount=type=cache,target=/root/.m2")
                .contains("FROM eclipse-temurin:25-jre")
                .contains("USER 10001:10001")
                .containsPattern("(?m)^HEALTHCHECK ")
                .contains("exec java -XX:AOTCache=aot/application.aot -jar application.jar")
                .contains("exec java -XX:AOTCacheOutput=aot/application.aot -jar application.jar");
        // the image's health check and the compose file's both use curl, which the runtime stage installs
        assertThat(dockerfile).containsPattern("apt-get install [^\\n]*\\bcurl\\b");

        List<String> ignored = Files.readAllLines(REPO_ROOT.resolve(".dockerignore")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        assertThat(ignored).contains("**/target", ".git", ".orderflow");
        assertThat(ignored).as("the Maven reactor needs every module").doesNotContainAnyElementsOf(List.of(
                "pom.xml", "platform", "contracts", "order-service", "inventory-service", "notification-service",
                IDENTITY_PROVIDER));
    }

    @Test
    void theLgtmContainerScrapesEveryServiceEvaluatesTheAlertRulesAndShowsTheDashboard() throws IOException {
        JsonNode lgtm = services().get("lgtm");
        assertThat(lgtm.path("image").asText()).as("a pinned image").matches("grafana/otel-lgtm:\\d+\\.\\d+\\.\\d+");
        assertThat(publishedPorts("lgtm")).containsEntry(3000, 3000).containsEntry(4317, 4317).containsEntry(4318, 4318);
        Map<String, String> mounts = new LinkedHashMap<>();
        lgtm.path("volumes").forEach(volume -> {
            String[] parts = volume.asText().split(":");
            if (parts[0].startsWith("./")) {
                assertThat(REPO_ROOT.resolve(parts[0])).as(volume.asText()).isRegularFile();
                mounts.put(parts[0].substring(2), parts[1]);
            }
        });
        // the image reads its Prometheus configuration from /otel-lgtm/prometheus.yaml and Grafana's provisioning
        // from /otel-lgtm/grafana/conf/provisioning (docs/operations.md, Dashboard)
        assertThat(mounts).containsEntry("deploy/prometheus/prometheus.yaml", "/otel-lgtm/prometheus.yaml")
                .containsEntry("deploy/prometheus/alerts.yml", "/otel-lgtm/alerts.yml")
                .containsEntry("deploy/grafana/dashboards.yaml",
                        "/otel-lgtm/grafana/conf/provisioning/dashboards/orderflow.yaml");
        JsonNode provider = YAML.readTree(REPO_ROOT.resolve("deploy/grafana/dashboards.yaml").toFile())
                .path("providers").get(0);
        assertThat(mounts).containsEntry("deploy/grafana/orderflow.json",
                provider.path("options").path("path").asText() + "/orderflow.json");

        JsonNode prometheus = YAML.readTree(REPO_ROOT.resolve("deploy/prometheus/prometheus.yaml").toFile());
        assertThat(prometheus.path("rule_files").get(0).asText()).isEqualTo("alerts.yml");
        JsonNode scrape = prometheus.path("scrape_configs").get(0);
        assertThat(scrape.path("metrics_path").asText()).isEqualTo("/actuator/prometheus");
        List<String> targets = new ArrayList<>();
        scrape.path("static_configs").forEach(config -> config.path("targets").forEach(t -> targets.add(t.asText())));
        DATABASE_OF.keySet().forEach(service -> {
            assertThat(targets).contains(service + ":" + environment(service).get("SERVER_PORT"));
            assertThat(environment(service).get("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT"))
                    .isEqualTo("http://lgtm:4318/v1/traces");
        });
        // its token requests log in as the identity provider's ops client, with that client's secret
        JsonNode oauth2 = scrape.path("oauth2");
        assertThat(oauth2.path("token_url").asText()).isEqualTo(ISSUER + "/oauth2/token");
        assertThat(oauth2.path("client_id").asText()).isEqualTo("ops");
        JsonNode secret = lgtm.path("configs").get(0);
        assertThat(secret.path("target").asText()).isEqualTo(oauth2.path("client_secret_file").asText());
        assertThat(compose.path("configs").path(secret.path("source").asText()).path("content").asText())
                .isEqualTo(environment(IDENTITY_PROVIDER).get("OPS_CLIENT_SECRET"));
    }

    private static Map<String, JsonNode> services() {
        Map<String, JsonNode> services = new LinkedHashMap<>();
        compose.path("services").properties().forEach(entry -> services.put(entry.getKey(), entry.getValue()));
        return services;
    }

    /** The containers built from this repository: the application services and the identity provider. */
    private static List<String> builtServices() {
        List<String> built = new ArrayList<>(DATABASE_OF.keySet());
        built.add(IDENTITY_PROVIDER);
        return built;
    }

    private static boolean isJob(JsonNode service) {
        return service.path("restart").asText().equals("no");
    }

    /**
     * The broker's environment as the apache/kafka image turns it into server properties: KAFKA_ dropped, lower case,
     * '_' to '.', then '...' to '-' and '..' to '_'.
     */
    private static Map<String, String> brokerProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        environment("kafka").forEach((name, value) -> {
            if (name.startsWith("KAFKA_") && !name.equals("KAFKA_HEAP_OPTS")) {
                properties.put(name.substring("KAFKA_".length()).toLowerCase().replace("_", ".").replace("...", "-")
                        .replace("..", "_"), value);
            }
        });
        return properties;
    }

    private static String condition(String service, String dependency) {
        return compose.path("services").path(service).path("depends_on").path(dependency).path("condition").asText();
    }

    /** The service's environment (map or list form) as written in the file, before interpolation. */
    private static Map<String, String> environment(String service) {
        JsonNode environment = compose.path("services").path(service).path("environment");
        Map<String, String> env = new LinkedHashMap<>();
        if (environment.isObject()) {
            environment.properties().forEach(entry -> env.put(entry.getKey(), entry.getValue().asText()));
        } else {
            environment.forEach(item -> {
                String[] pair = item.asText().split("=", 2);
                env.put(pair[0], pair.length > 1 ? pair[1] : "");
            });
        }
        return env;
    }

    /** Container port -> default host port, for ports written as "127.0.0.1:${NAME:-default}:containerPort". */
    private static Map<Integer, Integer> publishedPorts(String service) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        compose.path("services").path(service).path("ports").forEach(port -> {
            Matcher matcher = OVERRIDABLE_PORT.matcher(port.asText());
            if (matcher.matches()) {
                ports.put(Integer.parseInt(matcher.group(3)), Integer.parseInt(matcher.group(2)));
            }
        });
        return ports;
    }
}
