-- The stock a product was created with, so that anyone can check that stock is conserved:
-- initial_stock + the sum of its stock adjustments = available + reserved.
ALTER TABLE product ADD COLUMN initial_stock BIGINT;
UPDATE product p SET initial_stock = p.available + p.reserved
    - COALESCE((SELECT sum(a.delta) FROM stock_adjustment a WHERE a.sku = p.sku), 0);
ALTER TABLE product ALTER COLUMN initial_stock SET NOT NULL;
