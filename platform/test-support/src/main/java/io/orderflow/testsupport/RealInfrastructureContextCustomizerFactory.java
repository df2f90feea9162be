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

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestPostgres postgres = TestInfrastructure.postgres();
            Map<String, Object> properties = Map.of(
                    "spring.kafka.bootstrap-servers", TestInfrastructure.kafka().bootstrapServers(),
                    "spring.datasource.url", postgres.createDatabase(database),
                    "spring.datasource.username", postgres.username(),
                    "spring.datasource.password", postgres.password());
            context.getEnvironment().getPropertySources()
                    .addFirst(new MapPropertySource("orderflowTestInfrastructure", properties));
        }
    }
}
