package io.lakehouse.vectord.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import io.lakehouse.shared.testing.TempLakeDaemonTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** The wire contract of docs/vectord.md over real HTTP: bodies and status codes, error bodies included. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VectordApiTest extends TempLakeDaemonTest {
    Http http;

    @BeforeEach
    void client() throws Exception {
        http = new Http("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (http.get("/actuator/health/readiness").status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @Test
    void indexLifecycle() {
        var created = http.put("/v1/indexes/lc", "{\"dim\":3,\"metric\":\"l2\",\"m\":8}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("dim").asInt()).isEqualTo(3);
        assertThat(created.body().get("metric").asString()).isEqualTo("l2");
        assertThat(created.body().get("ef_construction").asInt()).isEqualTo(200);
        assertThat(created.body().get("ef_search").asInt()).isEqualTo(64);
        assertThat(created.body().get("count").asInt()).isZero();

        assertThat(http.put("/v1/indexes/lc", "{\"dim\":3,\"metric\":\"l2\",\"m\":8}").status()).isEqualTo(200);
        var conflict = http.put("/v1/indexes/lc", "{\"dim\":4,\"metric\":\"l2\"}");
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.body().get("code").asString()).isEqualTo("index_conflict");

        assertThat(http.get("/v1/indexes").body().get("indexes").toString()).contains("\"lc\"");
        var got = http.get("/v1/indexes/lc").body();
        for (String k : new String[] {"count", "deleted", "memory_bytes", "last_saved_at", "log_bytes"}) {
            assertThat(got.has(k)).as(k).isTrue();
        }
        assertThat(http.delete("/v1/indexes/lc").status()).isEqualTo(204);
        assertThat(http.get("/v1/indexes/lc").status()).isEqualTo(404);
        assertThat(http.delete("/v1/indexes/lc").status()).isEqualTo(404);
    }

    @Test
    void badIndexSettingsAre400() {
        assertThat(http.put("/v1/indexes/Bad-Name", "{\"dim\":3}").status()).isEqualTo(400);
        assertThat(http.put("/v1/indexes/x1", "{\"metric\":\"cosine\"}").status()).isEqualTo(400);
        assertThat(http.put("/v1/indexes/x1", "{\"dim\":3,\"metric\":\"hamming\"}").status()).isEqualTo(400);
        assertThat(http.put("/v1/indexes/x1", "{\"dim\":3,\"embedder\":{\"type\":\"magic\"}}").status()).isEqualTo(400);
        assertThat(http.get("/v1/indexes/x1").status()).isEqualTo(404);
    }

    @Test
    void upsertGetSearchDelete() {
        http.put("/v1/indexes/items", "{\"dim\":3,\"metric\":\"cosine\"}");
        var up = http.post("/v1/indexes/items/items", """
                {"items":[{"id":"a","vector":[1,0,0],"metadata":{"state":"TX","years":5}},
                          {"id":"b","vector":[0,1,0],"metadata":{"state":"CA","years":1}},
                          {"id":"c","vector":[0.9,0.1,0],"metadata":{"state":"TX","years":2}}]}""");
        assertThat(up.status()).isEqualTo(200);
        assertThat(up.body().get("upserted").asInt()).isEqualTo(3);

        var a = http.get("/v1/indexes/items/items/a");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().get("metadata").get("state").asString()).isEqualTo("TX");

        var s = http.post("/v1/indexes/items/search", "{\"vector\":[1,0,0],\"k\":2}");
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.body().get("results").get(0).get("id").asString()).isEqualTo("a");
        assertThat(s.body().get("results").get(0).get("score").asDouble()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(s.body().get("results").get(1).get("id").asString()).isEqualTo("c");
        assertThat(s.body().has("took_ms")).isTrue();
        assertThat(s.body().get("results").get(0).has("metadata")).isTrue();
        assertThat(s.body().get("results").get(0).has("vector")).isFalse();

        var f = http.post("/v1/indexes/items/search",
                "{\"vector\":[1,0,0],\"k\":5,\"filter\":{\"state\":\"TX\",\"years\":{\"gte\":3}},\"include_vectors\":true}");
        assertThat(f.body().get("results").size()).isEqualTo(1);
        assertThat(f.body().get("results").get(0).get("vector").size()).isEqualTo(3);

        var in = http.post("/v1/indexes/items/search",
                "{\"vector\":[0,1,0],\"k\":5,\"filter\":{\"state\":{\"in\":[\"CA\",\"NY\"]}},\"exact\":true,\"include_metadata\":false}");
        assertThat(in.body().get("results").size()).isEqualTo(1);
        assertThat(in.body().get("results").get(0).has("metadata")).isFalse();

        var batch = http.post("/v1/indexes/items/search/batch",
                "{\"queries\":[{\"vector\":[1,0,0],\"k\":1},{\"vector\":[0,1,0],\"k\":1}]}");
        assertThat(batch.status()).isEqualTo(200);
        assertThat(batch.body().get("responses").get(1).get("results").get(0).get("id").asString()).isEqualTo("b");

        // same id replaces vector and metadata
        http.post("/v1/indexes/items/items", "{\"items\":[{\"id\":\"a\",\"vector\":[0,0,1],\"metadata\":{\"state\":\"NY\"}}]}");
        var a2 = http.get("/v1/indexes/items/items/a").body();
        assertThat(a2.get("metadata").get("state").asString()).isEqualTo("NY");
        assertThat(http.post("/v1/indexes/items/search", "{\"vector\":[0,0,1],\"k\":1}").body()
                .get("results").get(0).get("id").asString()).isEqualTo("a");
        assertThat(http.get("/v1/indexes/items").body().get("count").asInt()).isEqualTo(3);

        assertThat(http.delete("/v1/indexes/items/items/a").status()).isEqualTo(204);
        assertThat(http.delete("/v1/indexes/items/items/a").status()).isEqualTo(404);
        assertThat(http.get("/v1/indexes/items/items/a").status()).isEqualTo(404);
        var after = http.post("/v1/indexes/items/search", "{\"vector\":[0,0,1],\"k\":10}").body().get("results");
        assertThat(after.toString()).doesNotContain("\"a\"");
        assertThat(after.size()).isEqualTo(2);
    }

    @Test
    void textWithHashEmbedder() {
        http.put("/v1/indexes/texts", "{\"dim\":64,\"embedder\":{\"type\":\"hash\"}}");
        var up = http.post("/v1/indexes/texts/items", """
                {"items":[{"id":"j1","text":"senior java engineer in austin"},
                          {"id":"j2","text":"registered nurse night shift"},
                          {"id":"j3","vector":[%s]}]}""".formatted("1" + ",0".repeat(63)));
        assertThat(up.status()).isEqualTo(200);
        var s = http.post("/v1/indexes/texts/search", "{\"text\":\"java engineer\",\"k\":1}");
        assertThat(s.body().get("results").get(0).get("id").asString()).isEqualTo("j1");
        var plain = http.put("/v1/indexes/plain", "{\"dim\":2}");
        assertThat(plain.status()).isEqualTo(201);
        var noEmb = http.post("/v1/indexes/plain/search", "{\"text\":\"x\"}");
        assertThat(noEmb.status()).isEqualTo(400);
        assertThat(noEmb.body().get("code").asString()).isEqualTo("no_embedder");
    }

    @Test
    void badInputIs400AndChangesNothing() {
        http.put("/v1/indexes/strict", "{\"dim\":2}");
        http.post("/v1/indexes/strict/items", "{\"items\":[{\"id\":\"ok\",\"vector\":[1,1]}]}");
        String[] badBatches = {
            "{\"items\":[{\"id\":\"n1\",\"vector\":[1,1]},{\"id\":\"n2\",\"vector\":[1,1,1]}]}",
            "{\"items\":[{\"id\":\"n1\",\"vector\":[1,1]},{\"id\":\"n2\",\"vector\":[1e39,1]}]}",
            "{\"items\":[{\"id\":\"n1\",\"vector\":[1,1]},{\"id\":\"n2\",\"vector\":[0,0]}]}",
            "{\"items\":[{\"id\":\"n1\",\"vector\":[1,1]},{\"id\":\"n2\",\"vector\":[]}]}",
            "{\"items\":[{\"id\":\"n1\",\"vector\":[1,1]},{\"id\":\"\",\"vector\":[1,1]}]}",
            "{\"items\":[{\"id\":\"n1\",\"vector\":[1,1]},{\"id\":\"n2\",\"vector\":[1,\"x\"]}]}",
            "{\"items\":[]}",
        };
        for (String b : badBatches) {
            var r = http.post("/v1/indexes/strict/items", b);
            assertThat(r.status()).as(b).isEqualTo(400);
            assertThat(r.raw()).contains("\"code\"").contains("\"request_id\"");
        }
        assertThat(http.get("/v1/indexes/strict").body().get("count").asInt()).isEqualTo(1);
        assertThat(http.get("/v1/indexes/strict/items/n1").status()).isEqualTo(404);

        assertThat(http.post("/v1/indexes/strict/search", "{\"vector\":[1,1],\"k\":0}").status()).isEqualTo(400);
        assertThat(http.post("/v1/indexes/strict/search", "{\"vector\":[1,1],\"k\":1001}").status()).isEqualTo(400);
        assertThat(http.post("/v1/indexes/strict/search", "{\"vector\":[1,1,1]}").status()).isEqualTo(400);
        assertThat(http.post("/v1/indexes/strict/search", "{\"vector\":[0,0]}").status()).isEqualTo(400);
        var op = http.post("/v1/indexes/strict/search", "{\"vector\":[1,1],\"filter\":{\"x\":{\"near\":1}}}");
        assertThat(op.status()).isEqualTo(400);
        assertThat(op.body().get("code").asString()).isEqualTo("invalid_filter");
        assertThat(op.body().get("detail").asString()).contains("near");
        var missing = http.post("/v1/indexes/nope/search", "{\"vector\":[1,1]}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("code").asString()).isEqualTo("index_not_found");
        assertThat(http.post("/v1/indexes/nope/items", "{\"items\":[{\"id\":\"a\",\"vector\":[1]}]}").status()).isEqualTo(404);
    }

    @Test
    void scanByIdsAndByFilterPages() {
        http.put("/v1/indexes/scan", "{\"dim\":2,\"metric\":\"cosine\"}");
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            items.append(i == 0 ? "" : ",").append("{\"id\":\"i").append(String.format("%02d", i))
                    .append("\",\"vector\":[1,").append(i + 1).append("],\"metadata\":{\"odd\":")
                    .append(i % 2 == 1).append("}}");
        }
        assertThat(http.post("/v1/indexes/scan/items", "{\"items\":[" + items + "]}").status()).isEqualTo(200);

        var byIds = http.post("/v1/indexes/scan/items/scan", "{\"ids\":[\"i03\",\"nope\",\"i01\"]}");
        assertThat(byIds.status()).isEqualTo(200);
        assertThat(byIds.body().get("items").get(0).get("id").asString()).isEqualTo("i03");
        assertThat(byIds.body().get("items").get(0).get("vector").size()).isEqualTo(2);
        assertThat(byIds.body().get("items").get(1).get("id").asString()).isEqualTo("i01");
        assertThat(byIds.body().get("missing").toString()).isEqualTo("[\"nope\"]");

        // 12 odd ids in pages of 5: 5, 5, 2, in id order, each page continuing after the last.
        java.util.List<String> seen = new java.util.ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            String body = "{\"filter\":{\"odd\":true},\"limit\":5,\"include_vectors\":false"
                    + (after == null ? "" : ",\"after\":\"" + after + "\"") + "}";
            var page = http.post("/v1/indexes/scan/items/scan", body);
            assertThat(page.status()).isEqualTo(200);
            page.body().get("items").forEach(n -> {
                assertThat(n.has("vector")).isFalse();
                seen.add(n.get("id").asString());
            });
            after = page.body().get("next_after").isNull() ? null : page.body().get("next_after").asString();
            pages++;
        } while (after != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(12).isSorted().allMatch(id -> Integer.parseInt(id.substring(1)) % 2 == 1);

        assertThat(http.post("/v1/indexes/scan/items/scan", "{\"limit\":0}").status()).isEqualTo(400);
        assertThat(http.post("/v1/indexes/scan/items/scan", "{\"ids\":[\"a\"],\"after\":\"b\"}").status()).isEqualTo(400);
        assertThat(http.post("/v1/indexes/scan/items/scan", "{\"filter\":{\"x\":{\"near\":1}}}").body()
                .get("code").asString()).isEqualTo("invalid_filter");
        assertThat(http.post("/v1/indexes/nope/items/scan", "{}").status()).isEqualTo(404);
    }

    @Test
    void readinessIncludesIndexes() {
        var r = http.get("/actuator/health/readiness");
        assertThat(r.status()).isEqualTo(200);
    }
}
