package io.orderflow.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

class JsonPathsTests {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    record Line(String sku, int quantity) {
    }

    record Order(String customer, List<Line> lines) {
    }

    @Test
    void spellsTheLocationOfAnErrorAsAFieldPathWithIndexes() {
        assertThat(JsonPaths.of(failure("{\"lines\": [{\"sku\": \"A\", \"quantity\": 1}, {\"quantity\": \"x\"}]}")))
                .isEqualTo("lines[1].quantity");
        assertThat(JsonPaths.of(failure("{\"customer\": \"c\", \"colour\": \"red\"}"))).isEqualTo("colour");
    }

    @Test
    void spellsAnErrorOfTheWholeDocumentAsTheRoot() {
        assertThat(JsonPaths.of(catchThrowableOfType(JacksonException.class,
                () -> JSON.readValue("[1, 2]", Order.class)))).isEqualTo("$");
    }

    private static JacksonException failure(String json) {
        return catchThrowableOfType(JacksonException.class, () -> JSON.readValue(json, Order.class));
    }
}
