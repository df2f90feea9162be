package io.orderflow.web;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;

/**
 * Makes every service answer errors as problems, refuse bodies over 1 MiB, send each answer in one write, bind JSON
 * strictly (unknown fields, fractions for integers and strings for numbers are errors, not guesses), and bound what
 * its open connections cost.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@Import(ProblemDetailsAdvice.class)
public class WebAutoConfiguration {

    // Spring's megabyte is 1024 * 1024 bytes, the 1 MiB of the API
    static final DataSize MAX_REQUEST_SIZE = DataSize.ofMegabytes(1);

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter() {
        FilterRegistrationBean<RequestSizeLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestSizeLimitFilter(MAX_REQUEST_SIZE.toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BufferedResponseFilter> bufferedResponseFilter() {
        FilterRegistrationBean<BufferedResponseFilter> registration = new FilterRegistrationBean<>(
                new BufferedResponseFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /**
     * Gives no connection a header cache. Jetty's default cache is a 96 KiB table per connection: a client that kept
     * opening connections while a saturated service answered slowly held 2,200 of them, 180 MB of tables, and ran a
     * 256 MB heap out of memory. How many connections may be open is Boot's {@code server.jetty.max-connections}
     * ({@code orderflow-web-defaults.properties}).
     */
    @Bean
    JettyServerCustomizer noHeaderCache() {
        return server -> {
            for (Connector connector : server.getConnectors()) {
                HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
                if (http != null) {
                    http.getHttpConfiguration().setHeaderCacheSize(0);
                }
            }
        };
    }

    @Bean
    JsonMapperBuilderCustomizer strictJsonBinding() {
        return builder -> builder
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
    }
}
