-- A reservation row is written only by the transaction that writes its order's ledger row and locks its product, so
-- its foreign keys checked nothing that the code does not already guarantee, at the price of two lookups per row.
ALTER TABLE reservation DROP CONSTRAINT reservation_order_id_fkey;
ALTER TABLE reservation DROP CONSTRAINT reservation_sku_fkey;
