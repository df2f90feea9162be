package io.orderflow.localrun;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

/** Creates the small demo catalogue on inventory-service; products that exist already are left as they are. */
final class DemoCatalogue {

    /**
     * Describes a product as inventory-service's {@code POST /api/products} takes it.
     *
     * @param sku the stock-keeping unit
     * @param name the product's name
     * @param unitPrice the price of one unit in EUR
     * @param stock the units in stock
     */
    record Product(String sku, String name, BigDecimal unitPrice, int stock) {
    }

    static final List<Product> PRODUCTS = List.of(
            new Product("SKU-1", "Blue mug", new BigDecimal("12.50"), 100),
            new Product("SKU-2", "Green teapot", new BigDecimal("34.90"), 40),
            new Product("SKU-3", "Espresso cups, set of 4", new BigDecimal("19.00"), 60),
            new Product("SKU-4", "Coffee beans, 1 kg", new BigDecimal("24.50"), 200),
            new Product("SKU-5", "Milk frother", new BigDecimal("49.99"), 15),
            new Product("SKU-6", "Limited-edition kettle", new BigDecimal("89.00"), 1));

    private DemoCatalogue() {
    }

    /** Creates every missing product and returns how many it created; a 409 means the product is there already. */
    static int create(JsonHttp http, String inventoryBaseUrl) throws IOException, InterruptedException {
        int created = 0;
        for (Product product : PRODUCTS) {
            JsonHttp.Answer answer = http.post(inventoryBaseUrl + "/api/products", product);
            if (answer.status() == 201) {
                created++;
            }
            else if (answer.status() != 409) {
                throw new IllegalStateException("Creating " + product.sku() + " answered " + answer.status() + " "
                        + answer.body());
            }
        }
        return created;
    }
}
