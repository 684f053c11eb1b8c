package io.lakehouse.observerd.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouse.shared.web.ApiException;
import io.lakehouse.validation.EngineSettings;
import io.lakehouse.validation.ValidationEngine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class BatchItemsTest {
    private final JsonMapper json = ValidationEngine.mapper(EngineSettings.DEFAULTS);

    private List<String> items(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        int count = BatchItems.read(b, json, (p, from) -> out.add(
                new String(b, from, BatchItems.skip(p) - from, StandardCharsets.UTF_8)));
        assertThat(count).isEqualTo(out.size());
        return out;
    }

    @Test
    void findsEveryItemAsItsBytes() {
        assertThat(items(" [ {\"a\":[1,{\"b\":\"}\"}]} , 5,\"s\\\"x\" ,null,{},[1] ] ")).containsExactly(
                "{\"a\":[1,{\"b\":\"}\"}]}", "5", "\"s\\\"x\"", "null", "{}", "[1]");
        assertThat(items("{\"x\":{\"observations\":1},\"observations\":[{\"\u00e9\":\"\u4e2d\"},{}],\"y\":[2]}"))
                .containsExactly("{\"\u00e9\":\"\u4e2d\"}", "{}");
        List<String> many = items("[" + "{\"k\":1},".repeat(999) + "{\"k\":1}]");
        assertThat(many).hasSize(1000).allMatch(s -> s.equals("{\"k\":1}"));
    }

    @Test
    void refusesWhatIsNotABatch() {
        for (String body : new String[] {"", "{}", "{\"observations\":{}}", "[]", "[1,]", "[{}] x", "[{}][{}]", "5",
                "{\"observations\":[{}],\"observations\":2}", "{\"observations\":[{}],\"observations\":[{}]}", "[{\"a\":}]"}) {
            assertThatThrownBy(() -> items(body)).as(body).isInstanceOf(ApiException.class);
        }
    }
}
