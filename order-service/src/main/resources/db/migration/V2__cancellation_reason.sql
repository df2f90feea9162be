-- Why an order was cancelled: the customer asked (CUSTOMER), or inventory's answer never came (TIMEOUT).
ALTER TABLE customer_order ADD COLUMN cancellation_reason VARCHAR(16)
    CHECK (cancellation_reason IN ('CUSTOMER', 'TIMEOUT'));
UPDATE customer_order SET cancellation_reason = 'CUSTOMER' WHERE status = 'CANCELLED';
ALTER TABLE customer_order ADD CONSTRAINT cancelled_orders_have_a_reason
    CHECK ((status = 'CANCELLED') = (cancellation_reason IS NOT NULL));
