package io.lakehouse.validatord;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class SchemaEndpointsTest extends DaemonTest {
    private static final String V1 = "{\"type\":\"object\",\"required\":[\"id\"],\"properties\":{\"id\":{\"type\":\"integer\"}}}";
    private static final String V2 = "{\"type\":\"object\",\"required\":[\"id\"],\"properties\":{\"id\":{\"type\":\"string\"}}}";

    private Answer put(String dataset, String body) throws Exception {
        return send("PUT", "/v1/schemas/" + dataset, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shippedContractsAreListed() throws Exception {
        Answer list = get("/v1/schemas");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().findValuesAsString("dataset"))
                .contains("candidate", "job_order", "placement", "timesheet", "observation", "pathway_event");
        assertThat(list.body().get(0).get("updated_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        Answer candidate = get("/v1/schemas/candidate");
        assertThat(candidate.status()).isEqualTo(200);
        assertThat(candidate.body().at("/x-lakehouse/partition_by").asString()).isEqualTo("created_at");
    }

    @Test
    void putAppendsVersionsAndIdenticalPutIsANoOp() throws Exception {
        Answer first = put("widget", V1);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.body().toString()).isEqualTo("{\"dataset\":\"widget\",\"version\":1}");
        Answer again = put("widget", V1);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("version").asInt()).isEqualTo(1);
        assertThat(put("widget", V2).body().get("version").asInt()).isEqualTo(2);

        assertThat(get("/v1/schemas/widget").body().at("/properties/id/type").asString()).isEqualTo("string");
        assertThat(get("/v1/schemas/widget?version=1").body().at("/properties/id/type").asString()).isEqualTo("integer");
        assertThat(Files.exists(LAKE.resolve("schemas/widget/v2.schema.json"))).isTrue();

        // The new version takes effect for the next request; the old one stays pinnable.
        assertThat(post("/v1/validate", "{\"dataset\":\"widget\",\"record\":{\"id\":\"a\"}}").status()).isEqualTo(200);
        Answer pinned = post("/v1/validate", "{\"dataset\":\"widget\",\"schema_version\":1,\"record\":{\"id\":\"a\"}}");
        assertThat(pinned.status()).isEqualTo(422);
        assertThat(pinned.body().toString()).isEqualTo(
                "{\"valid\":false,\"errors\":[{\"Type\":{\"field\":\"id\",\"expected\":\"integer\",\"found\":\"string\"}}]}");
    }

    @Test
    void invalidSchemaIsA400ProblemWithAClearReason() throws Exception {
        Answer bad = put("gadget", "{\"type\":\"objekt\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.body().get("code").asString()).isEqualTo("invalid_argument");
        assertThat(bad.body().get("detail").asString()).startsWith("schema is not a valid draft 2020-12 schema: at /type");
        assertThat(put("gadget", "{\"type\":").body().get("detail").asString()).startsWith("schema is not valid JSON");
        assertThat(get("/v1/schemas/gadget").status()).isEqualTo(404);
        assertThat(Files.exists(LAKE.resolve("schemas/gadget"))).isFalse();
    }

    @Test
    void aBadNameIsA400BeforeTheStore() throws Exception {
        Answer bad = put("Bad-Name", V1);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("detail").asString()).contains("^[a-z][a-z0-9_]{0,62}$");
        assertThat(Files.exists(LAKE.resolve("schemas/Bad-Name"))).isFalse();
        assertThat(get("/v1/schemas/Bad-Name").status()).isEqualTo(400);
        assertThat(get("/v1/schemas/candidate?version=0").status()).isEqualTo(400);
        assertThat(get("/v1/schemas/no_such_dataset").status()).isEqualTo(404);
        assertThat(get("/v1/schemas/candidate?version=99").status()).isEqualTo(404);
    }

    @Test
    void readinessIncludesTheContracts() throws Exception {
        Answer health = get("/actuator/health/readiness");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asString()).isEqualTo("UP");
    }
}
