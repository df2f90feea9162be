package io.orderflow.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScopesTests {

    @Test
    void turnsAScopeIntoTheAuthoritySpringSecurityGivesItsTokens() {
        assertThat(Scopes.authority(Scopes.ORDERS_WRITE)).isEqualTo("SCOPE_orders:write");
        assertThat(Scopes.authority(Scopes.OPS_ADMIN)).isEqualTo("SCOPE_ops:admin");
    }
}
