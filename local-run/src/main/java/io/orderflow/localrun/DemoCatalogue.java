package io.orderflow.localrun;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.orderflow.harness.JsonClient;

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
    static int create(JsonClient http, String inventoryBaseUrl) throws IOException, InterruptedException {
        int created = 0;
        for (Product product : PRODUCTS) {
            JsonClient.Answer answer = http.post(inventoryBaseUrl + "/api/products", product);
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

    /**
     * Creates the catalogue on the first run of a state folder, and leaves a marker there; says when it could not,
     * as {@code ./orderflow demo} creates it too.
     */
    static void seedOnFirstRun(LocalSettings settings, List<ServiceInstance> instances) {
        Path marker = settings.stateDir().resolve("catalogue-seeded");
        if (Files.exists(marker)) {
            return;
        }
        ServiceInstance inventory = instances.stream()
                .filter(instance -> instance.service().equals("inventory-service")).findFirst().orElseThrow();
        try {
            int created = create(new JsonClient(LocalIssuer.toolToken(settings)), inventory.baseUrl());
            Files.writeString(marker, "created " + created + " products\n");
            System.out.println("  Seeded the demo catalogue: " + created + " products (SKU-1 to SKU-6)");
        }
        catch (Exception ex) {
            System.out.println("  Could not seed the demo catalogue (" + ex.getMessage() + "); ./orderflow demo "
                    + "creates it too");
        }
    }
}
