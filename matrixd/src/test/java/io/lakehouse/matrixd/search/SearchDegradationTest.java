package io.lakehouse.matrixd.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.matrixd.StubPeer;
import io.lakehouse.shared.testing.TempLakeDaemonTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/search} over real HTTP against stub peers (JDK HttpServers standing in for vectord and queryd;
 * pathwayd's address is a port where nothing listens): a slow source past its timeout, a source answering 500, a
 * source that is down, and healthy ones; then everything down.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SearchDegradationTest extends TempLakeDaemonTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final StubPeer VECTORD = new StubPeer()
            .route("/v1/indexes/fast/search", 200, """
                    {"results":[{"id":"c1","score":0.9,"metadata":{"state":"TX"}},{"id":"c2","score":0.8}],"took_ms":1}""", 0)
            .route("/v1/indexes/slow/search", 200, "{\"results\":[{\"id\":\"late\",\"score\":1}],\"took_ms\":1}", 3000)
            .route("/v1/indexes/broken/search", 500, "{\"code\":\"internal_error\",\"detail\":\"boom\"}", 0);
    static final StubPeer QUERYD = new StubPeer()
            .route("/sql", 200, """
                    {"columns":[{"name":"id","type":"VARCHAR"},{"name":"title","type":"VARCHAR"}],
                     "rows":[["c2","java dev"],["j9","nurse"]],"row_count":2,"truncated":false,"elapsed_ms":1}""", 0);

    @DynamicPropertySource
    static void peers(DynamicPropertyRegistry r) {
        r.add("lakehouse.peers.vectord", VECTORD::url);
        r.add("lakehouse.peers.queryd", QUERYD::url);
        r.add("lakehouse.peers.pathwayd", () -> "http://127.0.0.1:" + StubPeer.refusedPort());
    }

    @AfterAll
    static void stop() {
        VECTORD.close();
        QUERYD.close();
    }

    record Answer(int status, JsonNode body) {
    }

    Answer post(String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/v1/search"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), JSON.readTree(r.body()));
    }

    private static JsonNode source(JsonNode body, String name) {
        for (JsonNode s : body.get("sources")) {
            if (s.get("name").asString().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no source " + name + " in " + body);
    }

    @Test
    void slowFailingAndDownSourcesDegradeTheAnswer() throws Exception {
        long t0 = System.nanoTime();
        Answer a = post("""
                {"query":"java engineer","k":10,"sources":[
                  {"type":"vector","index":"fast","k":5},
                  {"type":"vector","name":"slow","index":"slow","timeout_ms":300},
                  {"type":"vector","name":"broken","index":"broken"},
                  {"type":"memory","scope":{"user_id":"u1"}},
                  {"type":"sql","sql":"select id, title from job_order where title ilike '%' || ? || '%'","text_column":"title"}]}""");
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(a.status()).as("%s", a.body()).isEqualTo(200);
        assertThat(tookMs).as("bounded by the slow source's timeout, not its 3 s").isLessThan(2500);

        assertThat(source(a.body(), "vector").get("status").asString()).isEqualTo("ok");
        assertThat(source(a.body(), "vector").get("count").asInt()).isEqualTo(2);
        JsonNode slow = source(a.body(), "slow");
        assertThat(slow.get("status").asString()).isEqualTo("timeout");
        assertThat(slow.get("took_ms").asDouble()).isBetween(250.0, 2000.0);
        JsonNode broken = source(a.body(), "broken");
        assertThat(broken.get("status").asString()).isEqualTo("error");
        assertThat(broken.get("code").asString()).isEqualTo("internal_error");
        assertThat(broken.get("http_status").asInt()).isEqualTo(500);
        JsonNode memory = source(a.body(), "memory");
        assertThat(memory.get("status").asString()).isEqualTo("error");
        assertThat(memory.get("code").asString()).isEqualTo("unreachable");
        assertThat(source(a.body(), "sql").get("status").asString()).isEqualTo("ok");

        // Fused: c2 is in both healthy sources (vector rank 2, sql rank 1) -> 1/62 + 1/61, first.
        JsonNode results = a.body().get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("id").asString()).isEqualTo("c2");
        assertThat(results.get(0).get("ranks").toString()).isEqualTo("{\"vector\":2,\"sql\":1}");
        assertThat(results.get(0).get("score").asDouble()).isCloseTo(1.0 / 62 + 1.0 / 61,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(results.get(0).get("metadata").get("text").asString()).isEqualTo("java dev");
        assertThat(results.get(1).get("id").asString()).isEqualTo("c1");
        assertThat(results.get(1).get("source").asString()).isEqualTo("vector");
        assertThat(results.get(2).get("id").asString()).isEqualTo("j9");

        // The metrics saw it: a timeout and errors counted per type, a latency histogram per type and outcome.
        String prom = get("/actuator/prometheus").body();
        assertThat(prom).containsPattern("matrixd_source_timeouts_total\\{type=\"vector\"} [1-9]");
        assertThat(prom).containsPattern("matrixd_source_errors_total\\{type=\"memory\"} [1-9]");
        assertThat(prom).contains("matrixd_source_duration_seconds_bucket{outcome=\"ok\",type=\"sql\"");
    }

    @Test
    void queryTextTravelsToQuerydAsABoundParameterOnly() throws Exception {
        String evil = "x'; drop view job_order; -- \" /* */";
        Answer a = post(JSON.writeValueAsString(java.util.Map.of("query", evil, "sources", java.util.List.of(
                java.util.Map.of("type", "sql", "sql", "select id, title from job_order where title = $1 or title = ?",
                        "params", java.util.List.of(7), "k", 3)))));
        assertThat(a.status()).isEqualTo(200);
        JsonNode wire = JSON.readTree(QUERYD.received.getLast().body());
        assertThat(wire.get("sql").asString()).isEqualTo("select id, title from job_order where title = $1 or title = ?");
        assertThat(wire.get("params").get(0).asString()).isEqualTo(evil);
        assertThat(wire.get("params").get(1).asInt()).isEqualTo(7);
        assertThat(wire.get("max_rows").asInt()).isEqualTo(3);
    }

    @Test
    void everySourceDownIs502WithEachError() throws Exception {
        Answer a = post("""
                {"query":"java","sources":[
                  {"type":"vector","name":"slow","index":"slow","timeout_ms":200},
                  {"type":"vector","name":"broken","index":"broken"},
                  {"type":"memory"}]}""");
        assertThat(a.status()).isEqualTo(502);
        assertThat(a.body().get("code").asString()).isEqualTo("all_sources_failed");
        assertThat(a.body().get("request_id").asString()).isNotBlank();
        assertThat(a.body().get("sources")).hasSize(3);
        assertThat(source(a.body(), "slow").get("status").asString()).isEqualTo("timeout");
        assertThat(source(a.body(), "broken").get("code").asString()).isEqualTo("internal_error");
        assertThat(source(a.body(), "memory").get("code").asString()).isEqualTo("unreachable");
    }

    @Test
    void requestDeadlineCutsASourceWithALongerTimeout() throws Exception {
        long t0 = System.nanoTime();
        Answer a = post("""
                {"query":"java","timeout_ms":400,"sources":[
                  {"type":"vector","index":"fast"},{"type":"vector","name":"slow","index":"slow","timeout_ms":10000}]}""");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2500);
        assertThat(a.status()).isEqualTo(200);
        assertThat(source(a.body(), "slow").get("status").asString()).isEqualTo("timeout");
        assertThat(source(a.body(), "slow").get("detail").asString()).contains("deadline");
    }

    @Test
    void weightedFusionOverHttp() throws Exception {
        Answer a = post("""
                {"query":"java","fusion":"weighted","sources":[
                  {"type":"vector","index":"fast","weight":3},
                  {"type":"sql","sql":"select id, title from t where title = ?"}]}""");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().get("fusion").asString()).isEqualTo("weighted");
        // c1: 3*1/4 = .75; c2: (3*0 + 1*1)/4 = .25; j9: 0
        JsonNode r = a.body().get("results");
        assertThat(r.get(0).get("id").asString()).isEqualTo("c1");
        assertThat(r.get(0).get("score").asDouble()).isEqualTo(0.75);
        assertThat(r.get(1).get("score").asDouble()).isEqualTo(0.25);
    }

    @Test
    void badRequestsAre400() throws Exception {
        String[] bodies = {
            "{\"query\":\"x\",\"sources\":[{\"type\":\"graph\"}]}",
            "{\"query\":\"x\",\"sources\":[]}",
            "{\"query\":\"x\"}",
            "{\"query\":\"x\",\"k\":0,\"sources\":[{\"type\":\"memory\"}]}",
            "{\"query\":\"x\",\"k\":1001,\"sources\":[{\"type\":\"memory\"}]}",
            "{\"query\":\"x\",\"sources\":[{\"type\":\"memory\",\"k\":5000}]}",
            "{\"query\":\"x\",\"sources\":[{\"type\":\"memory\",\"name\":\"a\"},{\"type\":\"sql\",\"sql\":\"select 1\",\"name\":\"a\"}]}",
            "{\"query\":\"x\",\"fusion\":\"borda\",\"sources\":[{\"type\":\"memory\"}]}",
            "{\"query\":\"x\",\"sources\":[{\"type\":\"vector\",\"index\":\"Bad-Name\"}]}",
            "{\"query\":\"x\",\"sources\":[{\"type\":\"sql\"}]}",
            "{\"query\":\"x\",\"sources\":[{\"type\":\"memory\",\"weight\":-1}]}",
            "{\"query\":\"x\",\"sources\":[{\"type\":\"memory\",\"timeout_ms\":0}]}",
            "{\"sources\":[{\"type\":\"memory\"}]}",
            "{\"query\":\"x\",\"surprise\":1,\"sources\":[{\"type\":\"memory\"}]}",
        };
        int before = VECTORD.received.size() + QUERYD.received.size();
        for (String b : bodies) {
            Answer a = post(b);
            assertThat(a.status()).as(b).isEqualTo(400);
            assertThat(a.body().get("code").asString()).as(b).isEqualTo("invalid_search");
            assertThat(a.body().get("detail").asString()).as(b).isNotBlank();
        }
        assertThat(post("not json").status()).isEqualTo(400);
        assertThat(VECTORD.received.size() + QUERYD.received.size()).as("no peer was called").isEqualTo(before);
    }
}
