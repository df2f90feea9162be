package io.orderflow.inventory.messaging;

import java.math.BigDecimal;
import java.util.UUID;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.orderflow.inventory.InventoryServiceTest;
import io.orderflow.inventory.product.ProductCatalogue;

/**
 * What the tests of inventory-service's order-events consumer share: the whole service on the real broker and
 * database, a way to send it order events, and products in stock to order.
 */
@InventoryServiceTest
abstract class OrderEventsIntegration {

    /** Sends order events; connected before each test class's first test and closed after its last. */
    @RegisterExtension
    static final OrderEventsTopic orderEvents = new OrderEventsTopic();

    @Autowired
    ProductCatalogue catalogue;

    @Autowired
    JdbcClient jdbc;

    /** Adds a product with a new SKU and {@code stock} items at {@code unitPrice}, and returns its SKU. */
    String product(String unitPrice, long stock) {
        String sku = "S-" + UUID.randomUUID().toString().substring(0, 13);
        catalogue.add(sku, "Product " + sku, new BigDecimal(unitPrice), stock);
        return sku;
    }
}
