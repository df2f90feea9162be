package io.orderflow.notification.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import io.orderflow.web.security.ApiSecurity;
import io.orderflow.web.security.Scopes;

/** Keeps the notification ledger, with its recipients, and sending again for {@code ops:admin}. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain notificationApiSecurity(HttpSecurity http, ApiSecurity apiSecurity) throws Exception {
        return apiSecurity.filterChain(http, requests -> requests
                .requestMatchers("/api/notifications", "/api/notifications/**")
                .hasAuthority(Scopes.authority(Scopes.OPS_ADMIN)));
    }
}
