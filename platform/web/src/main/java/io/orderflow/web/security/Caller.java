package io.orderflow.web.security;

import java.util.Objects;

/**
 * Names who sent a request: a customer, which may act for itself only, or a client such as a storefront or an
 * operator's tool, which acts for no one customer. A controller declares it as a parameter.
 *
 * @param subject the token's {@code sub}
 * @param customerId the customer the token is limited to, or {@code null} for a client
 */
public record Caller(String subject, String customerId) {

    /** Returns whether the caller is a customer, limited to its own data. */
    public boolean isCustomer() {
        return customerId != null;
    }

    /** Returns whether the caller may see and change the data of {@code customer}. */
    public boolean mayActFor(String customer) {
        return !isCustomer() || Objects.equals(customerId, customer);
    }
}
