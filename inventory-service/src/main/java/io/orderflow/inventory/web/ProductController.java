package io.orderflow.inventory.web;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.orderflow.inventory.product.Product;
import io.orderflow.inventory.product.ProductCatalogue;
import io.orderflow.inventory.product.ProductPage;
import io.orderflow.inventory.product.StockAdjustmentOutcome;
import io.orderflow.web.ProblemException;
import io.orderflow.web.ProblemResponses;

/** Serves the catalogue and its stock under {@code /api/products}. */
@RestController
@RequestMapping("/api/products")
final class ProductController {

    private final ProductCatalogue catalogue;

    ProductController(ProductCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Product> add(@Valid @RequestBody NewProductRequest request) {
        Product product = catalogue.add(request.sku(), request.name(), request.unitPrice(), request.stock())
                .orElseThrow(() -> new ProblemException(ProblemResponses.conflict("product-exists",
                        "A product with sku " + request.sku() + " exists already")));
        return ResponseEntity.created(URI.create("/api/products/" + product.sku())).body(product);
    }

    @GetMapping("/{sku}")
    Product get(@PathVariable String sku) {
        return catalogue.find(sku).orElseThrow(() -> unknown(sku));
    }

    @GetMapping
    ProductPage list(@RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return catalogue.page(page, size);
    }

    @PostMapping(path = "/{sku}/stock-adjustments", consumes = MediaType.APPLICATION_JSON_VALUE)
    Product adjustStock(@PathVariable String sku, @Valid @RequestBody StockAdjustmentRequest request) {
        return switch (catalogue.adjustStock(sku, request.delta(), request.reason())) {
            case StockAdjustmentOutcome.Adjusted adjusted -> adjusted.product();
            case StockAdjustmentOutcome.UnknownProduct unknownProduct -> throw unknown(sku);
            case StockAdjustmentOutcome.WouldGoNegative shortfall -> throw new ProblemException(
                    ProblemResponses.conflict("insufficient-stock", "Product " + sku + " has " + shortfall.available()
                            + " available; a delta of " + request.delta() + " would take it below zero"));
        };
    }

    private static ProblemException unknown(String sku) {
        return new ProblemException(ProblemResponses.notFound("No product with sku " + sku));
    }
}
