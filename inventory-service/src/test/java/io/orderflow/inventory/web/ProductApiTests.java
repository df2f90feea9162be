package io.orderflow.inventory.web;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import io.orderflow.inventory.InventoryServiceTest;
import io.orderflow.testsupport.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

@InventoryServiceTest
class ProductApiTests {

    @Autowired
    private MockMvcTester mvc;

    @Test
    void addsAProductAndAnswersWithItsLocation() {
        String sku = newSku();

        MvcTestResult result = add(sku, "12.50", 100);

        assertThat(result).hasStatus(HttpStatus.CREATED).hasHeader("Location", "/api/products/" + sku);
        assertThat(result).bodyJson().isLenientlyEqualTo("""
                {"sku": "%s", "name": "Blue mug", "unitPrice": 12.50, "available": 100, "reserved": 0}""".formatted(sku));
    }

    @Test
    void letsAnyoneReadTheCatalogueButOnlyInventoryAdminsChangeIt() {
        String sku = newSku();
        add(sku, "12.50", 100);
        String body = """
                {"sku": "%s", "name": "Red mug", "unitPrice": 1.00, "stock": 1}""".formatted(newSku());

        assertThat(mvc.post().uri("/api/products").header("Authorization", "Bearer " + TestTokens.client("shop",
                "orders:write")).contentType(MediaType.APPLICATION_JSON).content(body))
                .hasStatus(HttpStatus.FORBIDDEN).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(mvc.post().uri("/api/products").header("Authorization", "Bearer not-a-token")
                .contentType(MediaType.APPLICATION_JSON).content(body))
                .hasStatus(HttpStatus.UNAUTHORIZED).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(mvc.get().uri("/api/products/{sku}", sku).header("Authorization", "")).hasStatusOk();
    }

    @Test
    void refusesASkuThatExists() {
        String sku = newSku();
        add(sku, "12.50", 100);

        MvcTestResult again = add(sku, "3.00", 1);

        assertThat(again).hasStatus(HttpStatus.CONFLICT).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(again).bodyJson().extractingPath("$.status").asNumber().isEqualTo(409);
        assertThat(mvc.get().uri("/api/products/{sku}", sku)).bodyJson().extractingPath("$.name")
                .isEqualTo("Blue mug");
    }

    @Test
    void findsAProductBySku() {
        String sku = newSku();
        add(sku, "4.99", 7);

        assertThat(mvc.get().uri("/api/products/{sku}", sku)).hasStatusOk().bodyJson().isStrictlyEqualTo("""
                {"sku": "%s", "name": "Blue mug", "unitPrice": 4.99, "available": 7, "reserved": 0}""".formatted(sku));
    }

    @Test
    void answersNotFoundForAnUnknownSku() {
        assertThat(mvc.get().uri("/api/products/{sku}", newSku())).hasStatus(HttpStatus.NOT_FOUND)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.type").isEqualTo("https://orderflow.io/problems/not-found");
    }

    @Test
    void listsProductsSortedBySkuOnePageAtATime() {
        for (int i = 0; i < 3; i++) {
            add(newSku(), "1.00", 1);
        }

        MvcTestResult all = mvc.get().uri("/api/products?page=0&size=100").exchange();
        MvcTestResult secondPage = mvc.get().uri("/api/products?page=1&size=2").exchange();

        assertThat(all).hasStatusOk().bodyJson().extractingPath("$.content[*].sku").asArray()
                .extracting(String::valueOf).isSorted();
        assertThat(all).bodyJson().extractingPath("$.size").asNumber().isEqualTo(100);
        assertThat(secondPage).hasStatusOk().bodyJson().extractingPath("$.page").asNumber().isEqualTo(1);
        assertThat(secondPage).bodyJson().extractingPath("$.content").asArray().hasSize(2);
        assertThat(secondPage).bodyJson().extractingPath("$.totalElements").asNumber()
                .satisfies(total -> assertThat(total.longValue()).isGreaterThanOrEqualTo(3));
    }

    @Test
    void refusesPagesOfMoreThan100Products() {
        assertThat(mvc.get().uri("/api/products?size=101")).hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly("size");
    }

    @Test
    void adjustsTheAvailableStock() {
        String sku = newSku();
        add(sku, "1.00", 10);

        assertThat(adjust(sku, "5", "delivery")).hasStatusOk().bodyJson().extractingPath("$.available")
                .asNumber().isEqualTo(15);
        assertThat(adjust(sku, "-15", "flood")).hasStatusOk().bodyJson().extractingPath("$.available")
                .asNumber().isEqualTo(0);
    }

    @Test
    void refusesToTakeTheAvailableStockBelowZero() {
        String sku = newSku();
        add(sku, "1.00", 2);

        assertThat(adjust(sku, "-3", "damaged")).hasStatus(HttpStatus.CONFLICT)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.type").isEqualTo("https://orderflow.io/problems/insufficient-stock");
        assertThat(mvc.get().uri("/api/products/{sku}", sku)).bodyJson().extractingPath("$.available")
                .asNumber().isEqualTo(2);
    }

    @Test
    void answersNotFoundForTheStockOfAnUnknownSku() {
        assertThat(adjust(newSku(), "1", "found")).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void listsEveryBrokenRuleOfANewProduct() {
        MvcTestResult result = mvc.post().uri("/api/products").contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"sku": "no spaces", "name": "", "unitPrice": 1.234, "stock": -1}""")
                .exchange();

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.errors[*].field").asArray()
                .containsExactlyInAnyOrder("sku", "name", "unitPrice", "stock");
    }

    @Test
    void refusesAFreePriceAndMissingFields() {
        MvcTestResult result = mvc.post().uri("/api/products").contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"sku": "OK-1", "unitPrice": 0}""")
                .exchange();

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[*].field")
                .asArray().containsExactlyInAnyOrder("name", "unitPrice", "stock");
    }

    @Test
    void refusesAZeroAdjustmentWithoutReason() {
        String sku = newSku();
        add(sku, "1.00", 2);

        assertThat(mvc.post().uri("/api/products/{sku}/stock-adjustments", sku).contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"delta": 0, "reason": ""}"""))
                .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[*].field").asArray()
                .containsExactlyInAnyOrder("delta", "reason");
    }

    @Test
    void refusesFieldsItDoesNotKnow() {
        assertThat(mvc.post().uri("/api/products").contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"sku": "%s", "name": "Mug", "unitPrice": 1.00, "stock": 1, "reserved": 5}""".formatted(newSku())))
                .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[0].field").isEqualTo("reserved");
    }

    @Test
    void refusesBodiesThatAreNotJson() {
        assertThat(mvc.post().uri("/api/products").contentType(MediaType.TEXT_PLAIN).content("mug"))
                .hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void describesItsApiInOpenApi() {
        assertThat(mvc.get().uri("/v3/api-docs")).hasStatusOk().bodyJson()
                .hasPath("$.paths['/api/products']")
                .hasPath("$.paths['/api/products/{sku}']")
                .hasPath("$.paths['/api/products/{sku}/stock-adjustments']");
    }

    @Test
    void reportsItselfHealthyWithItsDatabaseAndKafka() {
        assertThat(mvc.get().uri("/actuator/health")).hasStatusOk().bodyJson()
                .extractingPath("$.components['db','kafka'].status").asArray().containsOnly("UP");
    }

    private MvcTestResult add(String sku, String unitPrice, long stock) {
        return mvc.post().uri("/api/products").contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"sku": "%s", "name": "Blue mug", "unitPrice": %s, "stock": %d}"""
                        .formatted(sku, unitPrice, stock))
                .exchange();
    }

    private MvcTestResult adjust(String sku, String delta, String reason) {
        return mvc.post().uri("/api/products/{sku}/stock-adjustments", sku).contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"delta": %s, "reason": "%s"}""".formatted(delta, reason))
                .exchange();
    }

    private static String newSku() {
        return "W-" + UUID.randomUUID().toString().substring(0, 13);
    }
}
