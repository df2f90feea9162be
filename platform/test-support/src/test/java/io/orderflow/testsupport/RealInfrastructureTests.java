package io.orderflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

@SpringJUnitConfig(RealInfrastructureTests.Empty.class)
@RealInfrastructure(database = "real-infrastructure")
class RealInfrastructureTests {

    @Autowired
    Environment environment;

    @Autowired
    ApplicationContext context;

    @Test
    void pointsTheApplicationAtTheSharedBrokerAFreshDatabaseAndTheTestIssuer() {
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers"))
                .isEqualTo(TestInfrastructure.kafka().bootstrapServers());
        assertThat(environment.getProperty("spring.datasource.url")).startsWith("jdbc:postgresql://")
                .contains("/real_infrastructure_");
        assertThat(environment.getProperty("spring.datasource.username"))
                .isEqualTo(TestInfrastructure.postgres().username());
        assertThat(environment.getProperty("spring.security.oauth2.resourceserver.jwt.public-key-location"))
                .isEqualTo(TestTokens.publicKeyLocation());
    }

    @Test
    void makesMockMvcSendTheStorefrontToken() {
        assertThat(context.getBean("storefrontTokenMockMvc")).isInstanceOf(StorefrontTokenMockMvc.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }
}
