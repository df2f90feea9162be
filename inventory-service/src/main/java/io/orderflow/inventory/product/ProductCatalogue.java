package io.orderflow.inventory.product;

import java.math.BigDecimal;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Adds and finds products and adjusts their stock by hand. */
@Service
public class ProductCatalogue {

    private final ProductRepository products;

    ProductCatalogue(ProductRepository products) {
        this.products = products;
    }

    /**
     * Adds a product with {@code stock} items available.
     *
     * @return the new product, or empty if a product with that sku exists already
     */
    @Transactional
    public Optional<Product> add(String sku, String name, BigDecimal unitPrice, long stock) {
        if (!products.insert(sku, name, unitPrice, stock)) {
            return Optional.empty();
        }
        return products.find(sku);
    }

    @Transactional(readOnly = true)
    public Optional<Product> find(String sku) {
        return products.find(sku);
    }

    /** Returns page {@code page} (from 0) of the products sorted by sku, {@code size} products a page. */
    @Transactional(readOnly = true)
    public ProductPage page(int page, int size) {
        return new ProductPage(products.page((long) page * size, size), page, size, products.count());
    }

    /** Adds {@code delta} (negative to remove) to a product's available stock, never taking it below zero. */
    @Transactional
    public StockAdjustmentOutcome adjustStock(String sku, long delta, String reason) {
        Optional<Product> adjusted = products.addToAvailable(sku, delta);
        if (adjusted.isPresent()) {
            products.insertAdjustment(sku, delta, reason);
            return new StockAdjustmentOutcome.Adjusted(adjusted.get());
        }
        return products.find(sku)
                .<StockAdjustmentOutcome>map(product -> new StockAdjustmentOutcome.WouldGoNegative(product.available()))
                .orElseGet(StockAdjustmentOutcome.UnknownProduct::new);
    }
}
