-- No statement looks reservations or stock adjustments up by sku, and products are never deleted (the foreign keys
-- would need these indexes only then). Each index cost a write on every reservation.
DROP INDEX reservation_sku;
DROP INDEX stock_adjustment_sku;
