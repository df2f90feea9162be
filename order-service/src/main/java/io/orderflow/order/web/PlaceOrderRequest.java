package io.orderflow.order.web;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/orders}. Prices, status and ids cannot be sent: unknown fields are refused. */
record PlaceOrderRequest(
        @NotBlank @Size(max = 64) String customerId,
        @NotBlank @Email @Size(max = 320) String customerEmail,
        @NotNull @Size(min = 1, max = 100) List<@NotNull @Valid LineRequest> lines) {

    record LineRequest(
            @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1 to 64 of A-Z a-z 0-9 . _ -")
            String sku,
            @NotNull @Min(1) @Max(1000) Integer quantity) {
    }
}
