package io.lakehouse.validatord;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BatchTest extends DaemonTest {
    private static final String VALID = "{\"observation_id\":\"o1\",\"run_id\":\"r1\",\"agent\":\"a\",\"kind\":\"run\","
            + "\"name\":\"n\",\"started_at\":\"2026-11-24T10:00:00Z\",\"ended_at\":\"2026-11-24T10:00:01Z\",\"status\":\"ok\"}";
    private static final String INVALID = VALID.replace("\"kind\":\"run\"", "\"kind\":\"walk\"");

    @Test
    void largeBatchCountsEveryLineAndListsAtMostOneThousandInLineOrder() throws Exception {
        StringBuilder b = new StringBuilder();
        int lines = 30_000;
        int invalid = 0;
        for (int i = 1; i <= lines; i++) {
            boolean bad = i % 7 == 0;
            invalid += bad ? 1 : 0;
            b.append(bad ? INVALID : VALID).append(i % 1000 == 0 ? "\r\n" : "\n");
        }
        Answer a = send("POST", "/v1/validate/batch?dataset=observation", "application/x-ndjson",
                b.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(a.status()).isEqualTo(200);
        JsonNode body = a.body();
        assertThat(body.get("total").asInt()).isEqualTo(lines);
        assertThat(body.get("invalid").asInt()).isEqualTo(invalid);
        assertThat(body.get("valid").asInt()).isEqualTo(lines - invalid);
        JsonNode results = body.get("results");
        assertThat(results.size()).isEqualTo(1000);
        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i).get("line").asInt()).isEqualTo(7 * (i + 1));
        }
        assertThat(results.get(0).get("errors").toString()).isEqualTo(
                "[{\"Schema\":{\"field\":\"kind\",\"reason\":\"must be one of \\\"run\\\", \\\"step\\\", \\\"tool_call\\\", "
                        + "\\\"llm_call\\\", \\\"retrieval\\\", \\\"outcome\\\"\"}}]");
    }

    @Test
    void emptyBatchIsAllZero() throws Exception {
        Answer a = send("POST", "/v1/validate/batch?dataset=observation", "application/x-ndjson", new byte[0]);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().toString()).isEqualTo("{\"total\":0,\"valid\":0,\"invalid\":0,\"results\":[]}");
    }

    @Test
    void formContentTypeDoesNotSwallowTheBody() throws Exception {
        Answer a = send("POST", "/v1/validate/batch?dataset=observation", "application/x-www-form-urlencoded",
                (VALID + "\n" + INVALID + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(a.body().get("total").asInt()).isEqualTo(2);
        assertThat(a.body().get("invalid").asInt()).isEqualTo(1);
        assertThat(a.body().at("/results/0/line").asInt()).isEqualTo(2);
    }
}
