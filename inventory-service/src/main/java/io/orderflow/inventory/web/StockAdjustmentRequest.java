package io.orderflow.inventory.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/products/{sku}/stock-adjustments}: items to add (positive) or remove (negative). */
record StockAdjustmentRequest(
        @NotNull @NonZero @Min(-1_000_000_000) @Max(1_000_000_000) Long delta,
        @NotBlank @Size(max = 200) String reason) {
}
