package io.orderflow.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import io.orderflow.harness.Invariants;
import io.orderflow.harness.Invariants.Notification;
import io.orderflow.harness.Invariants.ProductState;
import io.orderflow.harness.JsonClient;
import tools.jackson.databind.JsonNode;

/**
 * Makes the benchmark's control-plane calls: reads the state the after-run checks need through the services' HTTP APIs
 * and Kafka's admin API, creates the run's products and pauses or resumes the services' messaging. The load itself
 * goes through {@link Http}.
 */
final class SystemApi implements AutoCloseable {

    static final List<String> GROUPS = List.of("order-service", "inventory-service", "notification-service");

    private final JsonClient http;
    private final Options options;
    private final Admin admin;

    SystemApi(Options options) {
        this.http = new JsonClient(BenchmarkToken.of(options), Duration.ofSeconds(5), Duration.ofSeconds(30));
        this.options = options;
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.kafka());
        config.putAll(BenchmarkKafkaLogin.of(options));
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "orderflow-benchmark-admin");
        admin = Admin.create(config);
    }

    Map<String, URI> serviceUrls() {
        Map<String, URI> urls = new LinkedHashMap<>();
        urls.put("order-service", options.orderUrl());
        urls.put("inventory-service", options.inventoryUrl());
        urls.put("notification-service", options.notificationUrl());
        return urls;
    }

    /** The value of the gauge orderflow.outbox.pending of a service, or empty when it cannot be read. */
    Optional<Double> outboxPending(URI service) {
        return gauge(service, "orderflow.outbox.pending");
    }

    /**
     * The value of a gauge of a service, {@code name} optionally followed by a tag query such as
     * {@code ?tag=status:pending}, or empty when it cannot be read.
     */
    Optional<Double> gauge(URI service, String name) {
        try {
            JsonClient.Answer response = http.get(service.resolve("/actuator/metrics/" + name));
            if (response.status() != 200) {
                return Optional.empty();
            }
            for (JsonNode m : response.body().path("measurements")) {
                if ("VALUE".equals(m.path("statistic").asString())) {
                    return Optional.of(m.path("value").asDouble());
                }
            }
            return Optional.empty();
        }
        catch (IOException | RuntimeException ex) {
            return Optional.empty();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** A group's lag per partition (committed partitions only); empty when the group has committed nothing. */
    Optional<Map<String, Long>> lag(String group) throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<String, Long> committedOffsets = new HashMap<>();
            committed.forEach((tp, offset) -> {
                if (offset != null) {
                    latest.put(tp, OffsetSpec.latest());
                    committedOffsets.put(tp.toString(), offset.offset());
                }
            });
            if (latest.isEmpty()) {
                return Optional.empty();
            }
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            Map<String, Long> endOffsets = new HashMap<>();
            ends.forEach((tp, end) -> endOffsets.put(tp.toString(), end.offset()));
            Map<String, Long> lags = new LinkedHashMap<>();
            Invariants.lagByPartition(committedOffsets, endOffsets).entrySet().stream()
                    .sorted(Map.Entry.comparingByKey()).forEach(lag -> lags.put(lag.getKey(), lag.getValue()));
            return Optional.of(lags);
        }
        catch (ExecutionException | TimeoutException ex) {
            return Optional.empty();
        }
    }

    /** Creates a product; true on 201. */
    boolean createProduct(String sku, long stock) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sku", sku);
        body.put("name", "Benchmark item " + sku);
        body.put("unitPrice", new java.math.BigDecimal("9.99"));
        body.put("stock", stock);
        JsonClient.Answer response = http.post(options.inventoryUrl().resolve("/api/products").toString(), body);
        if (response.status() != 201) {
            throw new IOException("POST /api/products " + sku + " answered " + response.status() + ": "
                    + response.body());
        }
        return true;
    }

    /** Returns the status with which {@code /actuator/health} of {@code service} answers. */
    int health(URI service) throws IOException, InterruptedException {
        return http.get(service.resolve("/actuator/health")).status();
    }

    /** Pauses or resumes ({@code action}) a {@code part} of a service's messaging: relay, consumers or all. */
    void messaging(URI service, String part, String action) throws IOException, InterruptedException {
        JsonClient.Answer response = http.post(service.resolve("/actuator/messaging/" + part + "/" + action)
                .toString(), Map.of());
        if (response.status() / 100 != 2) {
            throw new IOException("POST /actuator/messaging/" + part + "/" + action + " on " + service + " answered "
                    + response.status());
        }
    }

    Optional<ProductState> product(String sku) throws IOException, InterruptedException {
        return found(options.inventoryUrl(), "/api/products/" + sku).map(json -> new ProductState(sku,
                json.path("available").asLong(), json.path("reserved").asLong()));
    }

    /** An order's status, or empty for 404. */
    Optional<String> orderStatus(String id) throws IOException, InterruptedException {
        return found(options.orderUrl(), "/api/orders/" + id).map(json -> json.path("status").asString());
    }

    /** Returns the body of {@code path} on {@code service}, or empty for 404; any other answer but 200 throws. */
    private Optional<JsonNode> found(URI service, String path) throws IOException, InterruptedException {
        JsonClient.Answer response = http.get(service.resolve(path));
        if (response.status() == 404) {
            return Optional.empty();
        }
        if (response.status() != 200) {
            throw new IOException("GET " + path + " answered " + response.status());
        }
        return Optional.of(response.body());
    }

    /** A notification with its time of sending. */
    record NotificationView(String type, String status, String sentAt) {
    }

    List<NotificationView> notifications(String orderId) throws IOException, InterruptedException {
        JsonClient.Answer response = http.get(options.notificationUrl().resolve("/api/notifications?orderId="
                + URLEncoder.encode(orderId, StandardCharsets.UTF_8)));
        if (response.status() != 200) {
            throw new IOException("GET /api/notifications?orderId=" + orderId + " answered " + response.status());
        }
        List<NotificationView> out = new ArrayList<>();
        for (JsonNode n : response.body()) {
            JsonNode sentAt = n.path("sentAt");
            out.add(new NotificationView(n.path("type").asString(), n.path("status").asString(),
                    sentAt.isNull() || sentAt.isMissingNode() ? null : sentAt.asString()));
        }
        return out;
    }

    static List<Notification> plain(List<NotificationView> views) {
        return views.stream().map(v -> new Notification(v.type(), v.status())).toList();
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
