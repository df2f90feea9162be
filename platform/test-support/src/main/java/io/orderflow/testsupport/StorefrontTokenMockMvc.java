package io.orderflow.testsupport;

import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.ConfigurableMockMvcBuilder;

/** Makes a test's MockMvc send the storefront token of {@link TestTokens}, unless a request sets its own. */
final class StorefrontTokenMockMvc implements MockMvcBuilderCustomizer {

    @Override
    public void customize(ConfigurableMockMvcBuilder<?> builder) {
        builder.defaultRequest(MockMvcRequestBuilders.get("/")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.storefront()));
    }
}
