package io.orderflow.inventory.product;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Holds the SQL of the catalogue and of stock adjustments. */
@Repository
class ProductRepository {

    private static final String COLUMNS = "sku, name, unit_price, available, reserved";
    private static final RowMapper<Product> PRODUCT = (rs, n) -> new Product(rs.getString("sku"),
            rs.getString("name"), rs.getBigDecimal("unit_price"), rs.getLong("available"), rs.getLong("reserved"));

    private final JdbcClient jdbc;

    ProductRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds a product with {@code stock} items available and none reserved.
     *
     * @return false if a product with that sku exists already
     */
    boolean insert(String sku, String name, BigDecimal unitPrice, long stock) {
        return jdbc.sql("""
                INSERT INTO product (sku, name, unit_price, available, reserved, initial_stock)
                VALUES (?, ?, ?, ?, 0, ?)
                ON CONFLICT (sku) DO NOTHING""")
                .params(sku, name, unitPrice, stock, stock)
                .update() == 1;
    }

    Optional<Product> find(String sku) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM product WHERE sku = ?").param(sku).query(PRODUCT).optional();
    }

    /** Returns up to {@code limit} products sorted by sku, skipping the first {@code offset}. */
    List<Product> page(long offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM product ORDER BY sku LIMIT ? OFFSET ?")
                .params(limit, offset)
                .query(PRODUCT)
                .list();
    }

    long count() {
        return jdbc.sql("SELECT count(*) FROM product").query(Long.class).single();
    }

    /**
     * Adds {@code delta} to a product's available stock unless that would take it below zero, in one conditional
     * update.
     *
     * @return the product afterwards, or empty if it does not exist or the stock would go below zero
     */
    Optional<Product> addToAvailable(String sku, long delta) {
        return jdbc.sql("""
                UPDATE product SET available = available + :delta, updated_at = now()
                WHERE sku = :sku AND available + :delta >= 0
                RETURNING\s""" + COLUMNS)
                .param("sku", sku)
                .param("delta", delta)
                .query(PRODUCT)
                .optional();
    }

    /** Records why a product's stock was adjusted. */
    void insertAdjustment(String sku, long delta, String reason) {
        jdbc.sql("INSERT INTO stock_adjustment (sku, delta, reason) VALUES (?, ?, ?)")
                .params(sku, delta, reason)
                .update();
    }
}
