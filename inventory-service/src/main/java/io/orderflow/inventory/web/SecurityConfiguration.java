package io.orderflow.inventory.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import io.orderflow.web.security.ApiSecurity;
import io.orderflow.web.security.Scopes;

/** Lets anyone read the catalogue, as a shop window does, and only {@code inventory:admin} change it. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain productApiSecurity(HttpSecurity http, ApiSecurity apiSecurity) throws Exception {
        return apiSecurity.filterChain(http, requests -> requests
                .requestMatchers(HttpMethod.GET, "/api/products", "/api/products/**").permitAll()
                .requestMatchers("/api/products", "/api/products/**")
                .hasAuthority(Scopes.authority(Scopes.INVENTORY_ADMIN)));
    }
}
