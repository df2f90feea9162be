package io.orderflow.identityprovider;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts the development identity provider that docker compose runs next to the services. */
@SpringBootApplication(proxyBeanMethods = false)
public final class IdentityProviderApplication {

    public static void main(String[] args) {
        SpringApplication.run(IdentityProviderApplication.class, args);
    }
}
