package io.lakehouse.pathwayd.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouse.pathwayd.Http;
import io.lakehouse.pathwayd.Http.Answer;
import io.lakehouse.pathwayd.PathwaydApplication;
import io.lakehouse.shared.testing.TempLakeDaemonTest;
import io.lakehouse.store.lease.LeaseHeldException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Every operation over real HTTP, every 404 / 409 / 412 answer, and the state unchanged after each rejection. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {"lakehouse.pathwayd.index.enabled=false", "lakehouse.pathwayd.export.interval=0s"})
class MemoryApiTest extends TempLakeDaemonTest {
    Http h;

    @BeforeEach
    void client() {
        h = new Http("http://127.0.0.1:" + port);
    }

    String add(String content, String user) {
        Answer a = h.post("/v1/memories", "{\"content\":\"" + content + "\",\"scope\":{\"user_id\":\"" + user
                + "\"},\"metadata\":{\"source\":\"test\"}}");
        assertThat(a.status()).as(a.raw()).isEqualTo(201);
        return a.id();
    }

    /** What a rejection must leave alone: the memory's body, its history and the journal position. */
    record Seen(String memory, int history, String ready) {
    }

    Seen seen(String id) {
        return new Seen(h.get("/v1/memories/" + id).raw(), h.get("/v1/memories/" + id + "/history").body().size(),
                h.get("/actuator/health/readiness").raw());
    }

    void rejected(Answer a, int status, String code, String... unchangedIds) {
        assertThat(a.status()).as(a.raw()).isEqualTo(status);
        assertThat(a.code()).isEqualTo(code);
        assertThat(a.response().headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(a.body().get("request_id")).isNotNull();
    }

    @Test
    void readyOverRealHttp() throws Exception {
        assertReady();
        assertThat(get("/actuator/health/readiness").body()).doesNotContain("vectord");
    }

    @Test
    void secondInstanceOnTheSameStoreRefusesToStart() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(PathwaydApplication.class)
                .properties("lakehouse.storage.uri=" + lake.toUri(), "server.port=0", "lakehouse.pathwayd.index.enabled=false")
                .run().close())
                .hasRootCauseInstanceOf(LeaseHeldException.class)
                .rootCause().hasMessageContaining("_system/pathwayd/lease/ is held by pathwayd on host");
    }

    @Test
    void addGetUpdateReviseRetireHistory() {
        Answer added = h.post("/v1/memories", "{\"kind\":\"fact\",\"content\":\"likes tea\",\"scope\":{\"user_id\":\"u1\","
                + "\"agent_id\":\"a1\"},\"metadata\":{\"source\":\"chat\",\"n\":1}}");
        assertThat(added.status()).isEqualTo(201);
        String id = added.id();
        assertThat(added.response().headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(added.response().headers().firstValue("Location")).hasValue("/v1/memories/" + id);
        JsonNode m = added.body();
        assertThat(m.get("state").asString()).isEqualTo("active");
        assertThat(m.get("version").asLong()).isEqualTo(1);
        assertThat(m.get("scope").get("user_id").asString()).isEqualTo("u1");
        assertThat(m.get("superseded_by").isNull()).isTrue();
        assertThat(h.get("/v1/memories/" + id).body()).isEqualTo(m);
        // ADD answers with the bytes journaling serialized; they are what the web layer writes for the same memory.
        assertThat(added.raw()).isEqualTo(h.get("/v1/memories/" + id).raw());
        assertThat(added.response().headers().firstValue("Content-Type")).hasValue("application/json");

        Answer updated = h.patch("/v1/memories/" + id, "{\"content\":\"likes green tea\",\"metadata\":{\"n\":2,\"source\":null}}",
                "If-Match", "\"1\"");
        assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
        assertThat(updated.body().get("version").asLong()).isEqualTo(2);
        assertThat(updated.body().get("content").asString()).isEqualTo("likes green tea");
        assertThat(updated.body().get("metadata").toString()).isEqualTo("{\"n\":2}");

        Answer revised = h.post("/v1/memories/" + id + "/revise", "{\"content\":\"likes oolong\",\"reason\":\"corrected\"}");
        assertThat(revised.status()).as(revised.raw()).isEqualTo(201);
        String succ = revised.body().get("successor").get("id").asString();
        assertThat(revised.body().get("revised").get("state").asString()).isEqualTo("superseded");
        assertThat(revised.body().get("revised").get("superseded_by").asString()).isEqualTo(succ);
        assertThat(revised.body().get("successor").get("supersedes").get(0).asString()).isEqualTo(id);
        assertThat(revised.body().get("successor").get("scope").get("agent_id").asString()).isEqualTo("a1");

        Answer retired = h.post("/v1/memories/" + succ + "/retire", "{\"reason\":\"user said otherwise\"}");
        assertThat(retired.status()).isEqualTo(200);
        assertThat(retired.body().get("state").asString()).isEqualTo("retired");
        // still readable by id
        assertThat(h.get("/v1/memories/" + succ).body().get("state").asString()).isEqualTo("retired");

        Answer history = h.get("/v1/memories/" + id + "/history");
        List<String> ops = new ArrayList<>();
        history.body().forEach(e -> ops.add(e.get("op").asString() + ":" + (e.get("memory_id").asString().equals(id) ? "A" : "B")
                + ":" + e.get("version").asLong()));
        assertThat(ops).containsExactly("ADD:A:1", "UPDATE:A:2", "REVISE:A:3", "REVISE:B:1", "RETIRE:B:2");
        JsonNode upd = history.body().get(1);
        assertThat(upd.get("before").get("content").asString()).isEqualTo("likes tea");
        assertThat(upd.get("after").get("content").asString()).isEqualTo("likes green tea");
        assertThat(history.body().get(2).get("successor_id").asString()).isEqualTo(succ);
        assertThat(history.body().get(2).get("reason").asString()).isEqualTo("corrected");
        assertThat(history.body().get(4).get("reason").asString()).isEqualTo("user said otherwise");
        assertThat(history.body().get(0).get("before").isNull()).isTrue();
        // the successor's history is the same lineage
        assertThat(h.get("/v1/memories/" + succ + "/history").body()).isEqualTo(history.body());
    }

    @Test
    void unknownIdsAre404AndChangeNothing() {
        String id = add("exists", "u404");
        Seen before = seen(id);
        rejected(h.get("/v1/memories/nope"), 404, "memory_not_found");
        rejected(h.patch("/v1/memories/nope", "{\"content\":\"x\"}"), 404, "memory_not_found");
        rejected(h.post("/v1/memories/nope/revise", "{\"content\":\"x\"}"), 404, "memory_not_found");
        rejected(h.post("/v1/memories/nope/revise", "{\"successor_id\":\"" + id + "\"}"), 404, "memory_not_found");
        rejected(h.post("/v1/memories/nope/retire", "{\"reason\":\"x\"}"), 404, "memory_not_found");
        rejected(h.get("/v1/memories/nope/history"), 404, "memory_not_found");
        Answer a = h.post("/v1/memories/" + id + "/revise", "{\"successor_id\":\"nope\"}");
        rejected(a, 404, "successor_not_found");
        rejected(h.get("/v1/playbooks/nope"), 404, "playbook_not_found");
        rejected(h.get("/v1/playbooks/nope/history"), 404, "playbook_not_found");
        assertThat(seen(id)).isEqualTo(before);
    }

    @Test
    void operationsOnRetiredAndSupersededAre409NamingTheState() {
        String retired = add("to retire", "u409");
        assertThat(h.post("/v1/memories/" + retired + "/retire", "{\"reason\":\"gone\"}").status()).isEqualTo(200);
        String old = add("old", "u409");
        String other = add("other", "u409");
        Answer rev = h.post("/v1/memories/" + old + "/revise", "{\"content\":\"new\"}");
        String succ = rev.body().get("successor").get("id").asString();
        Seen r0 = seen(retired);
        Seen o0 = seen(old);
        Seen x0 = seen(other);

        for (String[] call : new String[][] {{"PATCH", "", "{\"content\":\"x\"}"}, {"POST", "/revise", "{\"content\":\"x\"}"},
                {"POST", "/revise", "{\"successor_id\":\"" + other + "\"}"}, {"POST", "/retire", "{\"reason\":\"x\"}"}}) {
            Answer a = h.send(call[0], "/v1/memories/" + retired + call[1], call[2]);
            rejected(a, 409, "memory_retired");
            assertThat(a.body().get("state").asString()).isEqualTo("retired");
            Answer b = h.send(call[0], "/v1/memories/" + old + call[1], call[2]);
            rejected(b, 409, "memory_superseded");
            assertThat(b.body().get("state").asString()).isEqualTo("superseded");
            assertThat(b.body().get("superseded_by").asString()).isEqualTo(succ);
        }
        Answer toRetired = h.post("/v1/memories/" + other + "/revise", "{\"successor_id\":\"" + retired + "\"}");
        rejected(toRetired, 409, "successor_retired");
        assertThat(toRetired.body().get("state").asString()).isEqualTo("retired");
        assertThat(seen(retired)).isEqualTo(r0);
        assertThat(seen(old)).isEqualTo(o0);
        assertThat(seen(other)).isEqualTo(x0);
    }

    @Test
    void revisionCyclesOfLength1And2And50AreRefused() {
        String a = add("self", "ucycle");
        Seen a0 = seen(a);
        Answer self = h.post("/v1/memories/" + a + "/revise", "{\"successor_id\":\"" + a + "\"}");
        rejected(self, 409, "revision_cycle");
        assertThat(self.body().get("cycle").size()).isEqualTo(2);
        assertThat(seen(a)).isEqualTo(a0);

        // b is superseded by c (active); linking c -> b would make c supersede itself through b
        String b = add("b", "ucycle");
        String c = add("c", "ucycle");
        assertThat(h.post("/v1/memories/" + b + "/revise", "{\"successor_id\":\"" + c + "\"}").status()).isEqualTo(200);
        Seen b0 = seen(b);
        Seen c0 = seen(c);
        Answer two = h.post("/v1/memories/" + c + "/revise", "{\"successor_id\":\"" + b + "\"}");
        rejected(two, 409, "revision_cycle");
        assertThat(two.body().get("cycle").size()).isEqualTo(3);
        assertThat(seen(b)).isEqualTo(b0);
        assertThat(seen(c)).isEqualTo(c0);

        // a chain of 50 revisions; linking the head back to the first closes a cycle of 50
        String first = add("v0", "uchain");
        String head = first;
        for (int i = 1; i < 50; i++) {
            head = h.post("/v1/memories/" + head + "/revise", "{\"content\":\"v" + i + "\"}").body().get("successor")
                    .get("id").asString();
        }
        Seen f0 = seen(first);
        Seen h0 = seen(head);
        Answer fifty = h.post("/v1/memories/" + head + "/revise", "{\"successor_id\":\"" + first + "\"}");
        rejected(fifty, 409, "revision_cycle");
        assertThat(fifty.body().get("cycle").size()).isEqualTo(51);
        assertThat(seen(first)).isEqualTo(f0);
        assertThat(seen(head)).isEqualTo(h0);
        assertThat(h.get("/v1/memories/" + first + "/history").body().size()).isEqualTo(1 + 2 * 49);
        // the lineage's one active memory is the head
        Answer list = h.get("/v1/memories?user_id=uchain");
        assertThat(list.body().get("memories").size()).isEqualTo(1);
        assertThat(list.body().get("memories").get(0).get("id").asString()).isEqualTo(head);
    }

    @Test
    void staleIfMatchIs412AndChangesNothing() {
        String id = add("versioned", "u412");
        assertThat(h.patch("/v1/memories/" + id, "{\"content\":\"v2\"}", "If-Match", "1").status()).isEqualTo(200);
        Seen s0 = seen(id);
        Answer stale = h.patch("/v1/memories/" + id, "{\"content\":\"v3\"}", "If-Match", "1");
        rejected(stale, 412, "version_mismatch");
        assertThat(stale.body().get("current_version").asLong()).isEqualTo(2);
        rejected(h.post("/v1/memories/" + id + "/retire", "{\"reason\":\"x\"}", "If-Match", "W/\"1\""), 412, "version_mismatch");
        rejected(h.post("/v1/memories/" + id + "/revise", "{\"content\":\"x\"}", "If-Match", "7"), 412, "version_mismatch");
        assertThat(seen(id)).isEqualTo(s0);
        rejected(h.patch("/v1/memories/" + id, "{\"content\":\"v3\"}", "If-Match", "abc"), 400, "invalid_argument");
        assertThat(h.patch("/v1/memories/" + id, "{\"content\":\"v3\"}", "If-Match", "\"2\"").status()).isEqualTo(200);
    }

    @Test
    void badBodiesAre400() {
        rejected(h.post("/v1/memories", "{}"), 400, "invalid_memory");
        rejected(h.post("/v1/memories", "{\"content\":\"x\",\"kind\":\"belief\"}"), 400, "invalid_memory");
        rejected(h.post("/v1/memories", "{\"content\":\"x\",\"colour\":1}"), 400, "invalid_memory");
        rejected(h.post("/v1/memories", "{\"content\":\"x\",\"scope\":{\"user_id\":\"" + "u".repeat(129) + "\"}}"), 400,
                "invalid_memory");
        rejected(h.post("/v1/memories", "[1]"), 400, "invalid_memory");
        rejected(h.post("/v1/memories", "{broken"), 400, "malformed_request");
        String id = add("x", "u400");
        rejected(h.patch("/v1/memories/" + id, "{}"), 400, "invalid_memory");
        rejected(h.post("/v1/memories/" + id + "/revise", "{\"content\":\"a\",\"successor_id\":\"b\"}"), 400, "invalid_memory");
        rejected(h.post("/v1/memories/" + id + "/retire", "{}"), 400, "invalid_memory");
        rejected(h.get("/v1/memories?limit=0"), 400, "invalid_query");
        rejected(h.put("/v1/playbooks/bad%20name", "{\"content\":\"x\"}"), 400, "invalid_memory");
    }

    @Test
    void listFiltersAndPagesAndHidesRetiredAndSuperseded() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(add("m" + i, "ulist"));
        }
        h.post("/v1/memories", "{\"content\":\"other agent\",\"kind\":\"episode\",\"scope\":{\"user_id\":\"ulist\",\"agent_id\":\"z\"}}");
        h.post("/v1/memories/" + ids.get(0) + "/retire", "{\"reason\":\"r\"}");
        h.post("/v1/memories/" + ids.get(1) + "/revise", "{\"successor_id\":\"" + ids.get(2) + "\"}");
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Answer p = h.get("/v1/memories?user_id=ulist&kind=fact&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            p.body().get("memories").forEach(m -> seen.add(m.get("id").asString()));
            cursor = p.body().get("next_cursor").isNull() ? null : p.body().get("next_cursor").asString();
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(ids.subList(2, 7));
        assertThat(pages).isEqualTo(3);
        Answer all = h.get("/v1/memories?user_id=ulist&include_retired=true&limit=100");
        assertThat(all.body().get("memories").size()).isEqualTo(8);
        assertThat(h.get("/v1/memories?user_id=ulist&agent_id=z").body().get("memories").size()).isEqualTo(1);
        assertThat(h.get("/v1/memories?user_id=ulist&kind=episode").body().get("memories").size()).isEqualTo(1);
    }

    /** ADD and bulk ADD are served outside MVC: the HTTP rules and the request metric stay as MVC had them. */
    @Test
    void addPathsKeepMediaTypeMethodAndMetricRules() throws Exception {
        rejected(h.post("/v1/memories", "content=x", "Content-Type", "text/plain"), 415, "unsupported_media_type");
        rejected(h.post("/v1/memories", ""), 400, "malformed_request");
        assertThat(h.post("/v1/memories", "{\"content\":\"typed\"}", "Content-Type", "application/json; charset=utf-8")
                .status()).isEqualTo(201);
        Answer put = h.put("/v1/memories", "{}");
        rejected(put, 405, "method_not_allowed");
        assertThat(put.response().headers().firstValue("Allow").orElse("")).contains("GET", "POST");
        Answer getBatch = h.get("/v1/memories:batch");
        rejected(getBatch, 405, "method_not_allowed");
        assertThat(getBatch.response().headers().firstValue("Allow")).hasValue("POST, OPTIONS");
        assertThat(h.get("/v1/memories?limit=1").status()).isEqualTo(200);
        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics).containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*status=\"201\""
                + "[^}]*uri=\"/v1/memories\"");
        assertThat(metrics).containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"415\"[^}]*uri=\"/v1/memories\"");
        // Recorded once per ADD (by the filter; Spring's observation skips these POSTs), not twice.
        double before = addCount();
        add("counted", "umetric");
        assertThat(addCount()).isEqualTo(before + 1);
        String docs = h.get("/v3/api-docs").raw();
        assertThat(h.get("/v3/api-docs").body().get("paths").get("/v1/memories").has("post")).isTrue();
        assertThat(h.get("/v3/api-docs").body().get("paths").get("/v1/memories").has("get")).isTrue();
        assertThat(docs).contains("/v1/memories:batch");
    }

    private double addCount() throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("http_server_requests_seconds_count\\{[^}]*method=\"POST\""
                + "[^}]*status=\"201\"[^}]*uri=\"/v1/memories\"} (\\S+)").matcher(get("/actuator/prometheus").body());
        assertThat(m.find()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void bulkAddIsAllOrNothing() {
        StringBuilder b = new StringBuilder("{\"memories\":[");
        for (int i = 0; i < 500; i++) {
            b.append(i == 0 ? "" : ",").append("{\"content\":\"imported ").append(i)
                    .append("\",\"kind\":\"episode\",\"scope\":{\"user_id\":\"ubulk\"}}");
        }
        Answer ok = h.post("/v1/memories:batch", b + "]}");
        assertThat(ok.status()).as(ok.raw()).isEqualTo(201);
        assertThat(ok.body().get("memories").size()).isEqualTo(500);
        JsonNode first = ok.body().get("memories").get(0);
        assertThat(h.get("/v1/memories/" + first.get("id").asString()).body()).isEqualTo(first);
        assertThat(h.get("/v1/memories?user_id=ubulk&limit=1000").body().get("memories").size()).isEqualTo(500);

        Answer bad = h.post("/v1/memories:batch", "{\"memories\":[{\"content\":\"fine\",\"scope\":{\"user_id\":\"ubulk\"}},{\"kind\":\"fact\"}]}");
        rejected(bad, 400, "invalid_memory");
        assertThat(bad.body().get("detail").asString()).contains("memories[1]");
        StringBuilder big = new StringBuilder("{\"memories\":[");
        for (int i = 0; i < 1001; i++) {
            big.append(i == 0 ? "" : ",").append("{\"content\":\"x\",\"scope\":{\"user_id\":\"ubulk\"}}");
        }
        rejected(h.post("/v1/memories:batch", big + "]}"), 400, "invalid_memory");
        assertThat(h.get("/v1/memories?user_id=ubulk&limit=1000").body().get("memories").size()).isEqualTo(500);
    }

    @Test
    void playbookRoundTrip() {
        Answer created = h.put("/v1/playbooks/deploy-app", "{\"content\":\"deploy the service\",\"steps\":[\"build\",\"ship\"],"
                + "\"scope\":{\"agent_id\":\"ops\"}}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().get("kind").asString()).isEqualTo("procedure");
        assertThat(created.body().get("playbook").asString()).isEqualTo("deploy-app");
        Answer same = h.put("/v1/playbooks/deploy-app", "{\"content\":\"deploy the service\",\"steps\":[\"build\",\"ship\"],"
                + "\"scope\":{\"agent_id\":\"ops\"}}");
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.body()).isEqualTo(created.body());
        Answer changed = h.put("/v1/playbooks/deploy-app", "{\"content\":\"deploy the service\",\"steps\":[\"build\",\"test\",\"ship\"],"
                + "\"scope\":{\"agent_id\":\"ops\"},\"reason\":\"tests first\"}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body().get("supersedes").get(0).asString()).isEqualTo(created.id());
        Answer got = h.get("/v1/playbooks/deploy-app");
        assertThat(got.body()).isEqualTo(changed.body());
        assertThat(got.body().get("steps").size()).isEqualTo(3);
        assertThat(h.get("/v1/memories/" + created.id()).body().get("state").asString()).isEqualTo("superseded");
        Answer history = h.get("/v1/playbooks/deploy-app/history");
        assertThat(history.body().size()).isEqualTo(3);
        assertThat(history.body().get(2).get("reason").asString()).isEqualTo("tests first");
        // retired playbooks are not fetched; a PUT creates a new one
        h.post("/v1/memories/" + changed.id() + "/retire", "{\"reason\":\"obsolete\"}");
        rejected(h.get("/v1/playbooks/deploy-app"), 404, "playbook_not_found");
        assertThat(h.put("/v1/playbooks/deploy-app", "{\"content\":\"new way\"}").status()).isEqualTo(201);
        assertThat(h.get("/v1/playbooks/deploy-app/history").body().size()).isEqualTo(5);
    }

    @Test
    void thirtyTwoWritersWithIfMatchGetExactlyOneWinnerPerVersion() throws Exception {
        String id = add("contended", "uconc");
        int target = 40;
        Map<Long, AtomicInteger> winners = new ConcurrentHashMap<>();
        AtomicInteger stale = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 32; t++) {
                int thread = t;
                fs.add(pool.submit(() -> {
                    go.await();
                    while (true) {
                        long v = h.get("/v1/memories/" + id).body().get("version").asLong();
                        if (v >= target) {
                            return null;
                        }
                        Answer a = h.patch("/v1/memories/" + id, "{\"content\":\"writer " + thread + " at " + v + "\"}",
                                "If-Match", "\"" + v + "\"");
                        if (a.status() == 200) {
                            assertThat(a.body().get("version").asLong()).isEqualTo(v + 1);
                            winners.computeIfAbsent(v, k -> new AtomicInteger()).incrementAndGet();
                        } else {
                            assertThat(a.status()).as(a.raw()).isEqualTo(412);
                            assertThat(a.body().get("current_version").asLong()).isGreaterThan(v);
                            stale.incrementAndGet();
                        }
                    }
                }));
            }
            go.countDown();
            for (Future<?> f : fs) {
                f.get();
            }
        }
        assertThat(winners.keySet()).containsExactlyInAnyOrderElementsOf(
                java.util.stream.LongStream.range(1, target).boxed().toList());
        winners.forEach((v, n) -> assertThat(n.get()).as("winners at version %d", v).isEqualTo(1));
        assertThat(stale.get()).isPositive();
        List<Long> versions = new ArrayList<>();
        h.get("/v1/memories/" + id + "/history").body().forEach(e -> versions.add(e.get("version").asLong()));
        assertThat(versions).isEqualTo(java.util.stream.LongStream.rangeClosed(1, target).boxed().toList());
    }

    @Test
    void racingRevisesNeverCloseACycle() throws Exception {
        int pairs = 16;
        List<String[]> links = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            String a = add("pa" + i, "urace");
            String b = add("pb" + i, "urace");
            links.add(new String[] {a, b});
            links.add(new String[] {b, a});
        }
        String x = add("x", "urace3");
        String y = add("y", "urace3");
        String z = add("z", "urace3");
        links.add(new String[] {x, y});
        links.add(new String[] {y, z});
        links.add(new String[] {z, x});
        List<Answer> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(links.size())) {
            List<Future<?>> fs = new ArrayList<>();
            for (String[] l : links) {
                fs.add(pool.submit(() -> {
                    go.await();
                    answers.add(h.post("/v1/memories/" + l[0] + "/revise", "{\"successor_id\":\"" + l[1] + "\"}"));
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : fs) {
                f.get();
            }
        }
        long ok = answers.stream().filter(a -> a.status() == 200).count();
        long cycles = answers.stream().filter(a -> a.status() == 409 && "revision_cycle".equals(a.code())).count();
        // one of each pair, and two of the triangle
        assertThat(ok).isEqualTo(pairs + 2);
        assertThat(cycles).isEqualTo(pairs + 1);
        for (int i = 0; i < pairs; i++) {
            JsonNode a = h.get("/v1/memories/" + links.get(2 * i)[0]).body();
            JsonNode b = h.get("/v1/memories/" + links.get(2 * i)[1]).body();
            assertThat(a.get("superseded_by").isNull() ^ b.get("superseded_by").isNull()).isTrue();
        }
        assertThat(h.get("/v1/memories?user_id=urace3").body().get("memories").size()).isEqualTo(1);
    }
}
