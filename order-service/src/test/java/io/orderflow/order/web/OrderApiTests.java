package io.orderflow.order.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.orderflow.order.OrderServiceTest;
import io.orderflow.order.order.HeldOrderWriter;
import io.orderflow.order.order.OrderIntake;
import io.orderflow.testsupport.EventContracts;
import io.orderflow.testsupport.TopicRecorder;

@OrderServiceTest
class OrderApiTests {

    private static final String ORDER = """
            { "customerId": "c-42", "customerEmail": "ann@example.com",
              "lines": [ { "sku": "SKU-1", "quantity": 2 }, { "sku": "SKU-7", "quantity": 1 } ] }""";

    @RegisterExtension
    static final TopicRecorder orderEvents = TopicRecorder.recording("order-events");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JsonMapper json;

    @Test
    void placesAPendingOrderAndAnnouncesIt() {
        MvcTestResult result = post(ORDER);

        assertThat(result).hasStatus(HttpStatus.CREATED);
        JsonNode order = body(result);
        String id = order.get("id").asString();
        assertThat(result).headers().hasValue("Location", "/api/orders/" + id);
        assertThat(order.get("status").asString()).isEqualTo("PENDING");
        assertThat(order.get("currency").asString()).isEqualTo("EUR");
        assertThat(order.get("lines")).hasSize(2);

        var placed = awaitOne(id, "io.orderflow.OrderPlaced");
        EventContracts.assertConforms(placed);
        assertThat(TopicRecorder.header(placed, "ce_source")).isEqualTo("/order-service");
    }

    @Test
    void showsAnOrderById() {
        String id = body(post(ORDER)).get("id").asString();

        MvcTestResult result = mvc.get().uri("/api/orders/{id}", id).exchange();

        assertThat(result).hasStatusOk();
        assertThat(body(result).get("customerEmail").asString()).isEqualTo("ann@example.com");
    }

    @Test
    void answers404ForAnUnknownOrder() {
        MvcTestResult result = mvc.get().uri("/api/orders/{id}", UUID.randomUUID()).exchange();

        assertProblem(result, HttpStatus.NOT_FOUND);
    }

    @Test
    void listsACustomersOrdersNewestFirst() {
        String customer = "c-" + UUID.randomUUID();
        String first = body(post(ORDER.replace("c-42", customer))).get("id").asString();
        String second = body(post(ORDER.replace("c-42", customer))).get("id").asString();

        JsonNode page = body(mvc.get().uri("/api/orders?customerId={c}&status=PENDING&size=10", customer).exchange());

        assertThat(page.get("totalElements").asLong()).isEqualTo(2);
        assertThat(page.get("size").asInt()).isEqualTo(10);
        assertThat(page.get("content").get(0).get("id").asString()).isEqualTo(second);
        assertThat(page.get("content").get(1).get("id").asString()).isEqualTo(first);
    }

    @Test
    void refusesPagesLargerThan100() {
        assertInvalid(mvc.get().uri("/api/orders?size=101").exchange(), "size");
    }

    @Test
    void refusesAnUnknownStatusFilter() {
        assertInvalid(mvc.get().uri("/api/orders?status=SHIPPED").exchange(), "status");
    }

    @Test
    void namesEveryBrokenRule() {
        MvcTestResult result = post("""
                { "customerId": "", "customerEmail": "not-an-address",
                  "lines": [ { "sku": "SKU 1", "quantity": 0 }, { "sku": "SKU-2", "quantity": 1001 } ] }""");

        assertProblem(result, HttpStatus.BAD_REQUEST);
        assertThat(body(result).get("errors").valueStream().map(e -> e.get("field").asString()))
                .contains("customerId", "customerEmail", "lines[0].sku", "lines[0].quantity", "lines[1].quantity");
    }

    @Test
    void refusesAnOrderWithoutLines() {
        assertInvalid(post("{ \"customerId\": \"c-1\", \"customerEmail\": \"a@example.com\", \"lines\": [] }"),
                "lines");
    }

    @Test
    void refusesASkuThatAppearsTwice() {
        assertInvalid(post("""
                { "customerId": "c-1", "customerEmail": "a@example.com",
                  "lines": [ { "sku": "SKU-1", "quantity": 1 }, { "sku": "SKU-1", "quantity": 2 } ] }"""),
                "lines[1].sku");
    }

    @Test
    void refusesFieldsTheClientMayNotSet() {
        assertInvalid(post("""
                { "customerId": "c-1", "customerEmail": "a@example.com", "status": "CONFIRMED",
                  "lines": [ { "sku": "SKU-1", "quantity": 1 } ] }"""), "status");
        assertInvalid(post("""
                { "customerId": "c-1", "customerEmail": "a@example.com",
                  "lines": [ { "sku": "SKU-1", "quantity": 1, "unitPrice": 0.01 } ] }"""), "lines[0].unitPrice");
    }

    @Test
    void refusesAFractionalQuantity() {
        assertInvalid(post("""
                { "customerId": "c-1", "customerEmail": "a@example.com",
                  "lines": [ { "sku": "SKU-1", "quantity": 1.5 } ] }"""), "lines[0].quantity");
    }

    @Test
    void refusesMalformedJson() {
        assertInvalid(post("{ \"customerId\": "), "$");
    }

    @Test
    void refusesABodyOverOneMebibyte() {
        String padding = "x".repeat(1024 * 1024);
        MvcTestResult result = post("{ \"customerId\": \"" + padding + "\" }");

        assertProblem(result, HttpStatus.CONTENT_TOO_LARGE);
    }

    @Test
    void refusesABodyThatIsNotJson() {
        MvcTestResult result = mvc.post().uri("/api/orders").contentType(MediaType.TEXT_PLAIN).content("hello")
                .exchange();

        assertProblem(result, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void refusesAMethodTheResourceDoesNotHave() {
        MvcTestResult result = mvc.delete().uri("/api/orders").exchange();
        assertProblem(result, HttpStatus.METHOD_NOT_ALLOWED);
    }

    @Test
    void aRepeatedIdempotencyKeyReturnsTheSameOrderOnce() {
        String key = "key-" + UUID.randomUUID();

        MvcTestResult first = post(ORDER, key);
        MvcTestResult second = post(ORDER, key);

        assertThat(first).hasStatus(HttpStatus.CREATED);
        assertThat(second).hasStatus(HttpStatus.CREATED);
        String id = body(first).get("id").asString();
        assertThat(body(second).get("id").asString()).isEqualTo(id);
        awaitOne(id, "io.orderflow.OrderPlaced");
        assertThat(orderEvents.records(id, "io.orderflow.OrderPlaced")).hasSize(1);
    }

    @Test
    void anIdempotencyKeyReusedForAnotherOrderConflicts() {
        String key = "key-" + UUID.randomUUID();
        post(ORDER, key);

        MvcTestResult other = post(ORDER.replace("\"quantity\": 2", "\"quantity\": 3"), key);

        assertProblem(other, HttpStatus.CONFLICT);
    }

    @Test
    void refusesAnIdempotencyKeyThatIsNotPrintableAscii() {
        assertInvalid(post(ORDER, "key with spaces"), "idempotencyKey");
    }

    @Test
    void cancelsAPendingOrderOnceAndAnnouncesIt() {
        String id = body(post(ORDER)).get("id").asString();

        MvcTestResult first = mvc.post().uri("/api/orders/{id}/cancel", id).exchange();
        MvcTestResult again = mvc.post().uri("/api/orders/{id}/cancel", id).exchange();

        assertThat(first).hasStatusOk();
        assertThat(body(first).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(again).hasStatusOk();
        var cancelled = awaitOne(id, "io.orderflow.OrderCancelled");
        EventContracts.assertConforms(cancelled);
        assertThat(orderEvents.records(id, "io.orderflow.OrderCancelled")).hasSize(1);
    }

    @Test
    void answers503WithRetryAfterWhenTheOrderStaysLockedLongerThanTheLockTimeout(
            @Autowired TransactionTemplate transactions, @Autowired JdbcTemplate jdbc) throws Exception {
        String id = body(post(ORDER)).get("id").asString();
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch answered = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> transactions.executeWithoutResult(status -> {
            jdbc.queryForList("SELECT id FROM customer_order WHERE id = ?::uuid FOR UPDATE", id);
            locked.countDown();
            try {
                answered.await();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }));
        locked.await();

        MvcTestResult result = mvc.post().uri("/api/orders/{id}/cancel", id).exchange();
        answered.countDown();
        holder.join();

        assertProblem(result, HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(result).headers().hasValue("Retry-After", "1");
        assertThat(body(result).get("status").asInt()).isEqualTo(503);
        assertThat(body(mvc.get().uri("/api/orders/{id}", id).exchange()).get("status").asString())
                .isEqualTo("PENDING");
    }

    @Test
    void answers503WithRetryAfterAtOnceWhenTheIntakeQueueIsFullAndLosesNoQueuedOrder(@Autowired DataSource dataSource,
            @Autowired OrderIntake intake) throws Exception {
        List<CompletableFuture<MvcTestResult>> queued = new ArrayList<>();
        MvcTestResult refused;
        long refusedInMillis;
        try (var clients = Executors.newVirtualThreadPerTaskExecutor();
                HeldOrderWriter writer = HeldOrderWriter.hold(dataSource)) {
            queued.add(CompletableFuture.supplyAsync(() -> post(ORDER), clients));
            writer.awaitWriterBlocked();
            for (int i = 0; i < 16; i++) {
                queued.add(CompletableFuture.supplyAsync(() -> post(ORDER), clients));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> intake.waiting() == 16);

            long start = System.nanoTime();
            refused = post(ORDER);
            refusedInMillis = (System.nanoTime() - start) / 1_000_000;
        }

        assertProblem(refused, HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(refused).headers().hasValue("Retry-After", "1");
        assertThat(body(refused).get("type").asString()).endsWith("at-capacity");
        assertThat(refusedInMillis).isLessThan(1_000);
        for (CompletableFuture<MvcTestResult> placement : queued) {
            MvcTestResult placed = placement.get(20, TimeUnit.SECONDS);
            assertThat(placed).hasStatus(HttpStatus.CREATED);
            awaitOne(body(placed).get("id").asString(), "io.orderflow.OrderPlaced");
        }
    }

    @Test
    void cancellingAnUnknownOrderIs404() {
        assertProblem(mvc.post().uri("/api/orders/{id}/cancel", UUID.randomUUID()).exchange(), HttpStatus.NOT_FOUND);
    }

    @Test
    void describesItsApiAndReportsItselfHealthyWithDatabaseAndKafka() {
        MvcTestResult apiDocs = mvc.get().uri("/v3/api-docs").exchange();
        MvcTestResult health = mvc.get().uri("/actuator/health").exchange();

        assertThat(apiDocs).hasStatusOk();
        assertThat(body(apiDocs).get("paths").has("/api/orders/{id}/cancel")).isTrue();
        assertThat(health).hasStatusOk();
        JsonNode components = body(health).get("components");
        assertThat(components.get("db").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("kafka").get("status").asString()).isEqualTo("UP");
    }

    private MvcTestResult post(String body) {
        return mvc.post().uri("/api/orders").contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    private MvcTestResult post(String body, String idempotencyKey) {
        return mvc.post().uri("/api/orders").header("Idempotency-Key", idempotencyKey)
                .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    private JsonNode body(MvcTestResult result) {
        return json.readTree(result.getResponse().getContentAsByteArray());
    }

    private void assertProblem(MvcTestResult result, HttpStatus status) {
        assertThat(result).hasStatus(status);
        assertThat(result).contentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = body(result);
        assertThat(problem.get("status").asInt()).isEqualTo(status.value());
        assertThat(problem.hasNonNull("type")).isTrue();
        assertThat(problem.hasNonNull("title")).isTrue();
        assertThat(problem.hasNonNull("detail")).isTrue();
        assertThat(problem.toString()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private void assertInvalid(MvcTestResult result, String field) {
        assertProblem(result, HttpStatus.BAD_REQUEST);
        assertThat(body(result).get("errors").valueStream().map(e -> e.get("field").asString())).contains(field);
    }

    static org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> awaitOne(String key, String type) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> orderEvents.records(key, type), records -> !records.isEmpty()).getFirst();
    }
}
