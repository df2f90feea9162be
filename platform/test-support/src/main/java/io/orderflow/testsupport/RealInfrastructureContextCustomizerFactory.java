package io.orderflow.testsupport;

import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.util.ClassUtils;

/** Wires tests annotated with {@link RealInfrastructure} to the shared broker and a fresh database. */
final class RealInfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        RealInfrastructure annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
                RealInfrastructure.class);
        return annotation == null ? null : new Customizer(annotation.database());
    }

    private record Customizer(String database) implements ContextCustomizer {

        private static final String MOCK_MVC_CUSTOMIZER =
                "org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer";

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestPostgres postgres = TestInfrastructure.postgres();
            Map<String, Object> properties = Map.of(
                    "spring.kafka.bootstrap-servers", TestInfrastructure.kafka().bootstrapServers(),
                    "spring.datasource.url", postgres.createDatabase(database),
                    "spring.datasource.username", postgres.username(),
                    "spring.datasource.password", postgres.password(),
                    "spring.security.oauth2.resourceserver.jwt.public-key-location", TestTokens.publicKeyLocation());
            context.getEnvironment().getPropertySources()
                    .addFirst(new MapPropertySource("orderflowTestInfrastructure", properties));
            if (ClassUtils.isPresent(MOCK_MVC_CUSTOMIZER, getClass().getClassLoader())) {
                context.getBeanFactory().registerSingleton("storefrontTokenMockMvc", new StorefrontTokenMockMvc());
            }
        }
    }
}
