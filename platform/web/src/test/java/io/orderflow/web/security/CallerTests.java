package io.orderflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallerTests {

    @Test
    void aCustomerMayActForItselfOnly() {
        Caller customer = new Caller("user-7", "c-1");

        assertThat(customer.isCustomer()).isTrue();
        assertThat(customer.mayActFor("c-1")).isTrue();
        assertThat(customer.mayActFor("c-2")).isFalse();
        assertThat(customer.mayActFor(null)).isFalse();
    }

    @Test
    void aClientMayActForEveryCustomer() {
        Caller storefront = new Caller("storefront", null);

        assertThat(storefront.isCustomer()).isFalse();
        assertThat(storefront.mayActFor("c-1")).isTrue();
        assertThat(storefront.mayActFor("c-2")).isTrue();
    }
}
