package io.orderflow.order.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import io.orderflow.web.security.ApiSecurity;
import io.orderflow.web.security.Scopes;

/** Lets {@code orders:read} read orders and {@code orders:write} place and cancel them; a customer only its own. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain orderApiSecurity(HttpSecurity http, ApiSecurity apiSecurity) throws Exception {
        return apiSecurity.filterChain(http, requests -> requests
                .requestMatchers(HttpMethod.GET, "/api/orders", "/api/orders/**")
                .hasAuthority(Scopes.authority(Scopes.ORDERS_READ))
                .requestMatchers(HttpMethod.POST, "/api/orders", "/api/orders/*/cancel")
                .hasAuthority(Scopes.authority(Scopes.ORDERS_WRITE)));
    }
}
