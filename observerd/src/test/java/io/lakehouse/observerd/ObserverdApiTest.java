package io.lakehouse.observerd;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.shared.testing.TempLakeDaemonTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.lakehouse.observerd.ingest.ObservationLog;
import io.lakehouse.observerd.stats.LiveStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP API over real HTTP in one context (contexts are slow to start on 2 cores): ingest, runs, stats, OTLP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // Small ingest limits so the backpressure test reaches them; a commit window so requests overlap.
        "lakehouse.observerd.ingest.max-queued=500",
        "lakehouse.observerd.ingest.queue-capacity=4",
        "lakehouse.observerd.ingest.commit-window=50ms",
        "lakehouse.observerd.export.interval=1h"})
class ObserverdApiTest extends TempLakeDaemonTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String path, int status) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    @Test
    void otelSdkExportsANestedAgentRunInProtobufAndJson() throws Exception {
        for (boolean json : new boolean[] {false, true}) {
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(3);
            List<SpanData> spans = OtelSdk.agentRun(json ? "json-agent" : "proto-agent", t0);
            try (OtlpHttpSpanExporter exporter = OtelSdk.exporter(uri("/v1/traces").toString(), json, !json)) {
                CompletableResultCode result = OtelSdk.export(exporter, spans);
                assertThat(result.isSuccess()).as("export %s: %s", json ? "json" : "protobuf", result.getFailureThrowable())
                        .isTrue();
            }
            String traceId = spans.getFirst().getTraceId();
            JsonNode run = getJson("/v1/runs/" + traceId, 200);
            assertThat(run.get("agent").asString()).isEqualTo(json ? "json-agent" : "proto-agent");
            assertThat(run.get("status").asString()).isEqualTo("error");
            assertThat(run.get("duration_ms").asDouble()).isEqualTo(1000.0);
            JsonNode totals = run.get("totals");
            assertThat(totals.get("observations").asInt()).isEqualTo(4);
            assertThat(totals.get("input_tokens").asLong()).isEqualTo(130);
            assertThat(totals.get("output_tokens").asLong()).isEqualTo(35);
            assertThat(totals.get("errors").asInt()).isEqualTo(1);
            JsonNode root = run.get("tree").get(0);
            assertThat(run.get("tree")).hasSize(1);
            assertThat(root.get("kind").asString()).isEqualTo("run");
            assertThat(root.get("duration_ms").asDouble()).isEqualTo(1000.0);
            JsonNode chat = root.get("children").get(0);
            JsonNode tool = root.get("children").get(1);
            assertThat(chat.get("kind").asString()).isEqualTo("llm_call");
            assertThat(chat.get("duration_ms").asDouble()).isEqualTo(200.0);
            assertThat(chat.get("input_tokens").asLong()).isEqualTo(120);
            assertThat(chat.get("attributes").get("model").asString()).isEqualTo("gpt-test");
            assertThat(chat.get("parent_id").asString()).isEqualTo(spans.getLast().getSpanId());
            assertThat(tool.get("kind").asString()).isEqualTo("tool_call");
            assertThat(tool.get("status").asString()).isEqualTo("error");
            assertThat(tool.get("error").asString()).isEqualTo("search backend down");
            assertThat(tool.get("children").get(0).get("output_tokens").asLong()).isEqualTo(5);
            assertThat(tool.get("children").get(0).get("duration_ms").asDouble()).isEqualTo(100.0);
        }
    }

    @Test
    void otlpJsonWithGzipAnswersPartialSuccessForSpansTheContractRefuses() throws Exception {
        long start = Instant.now().minusSeconds(1).toEpochMilli() * 1_000_000L;
        String body = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"curl-svc"}}]},
                 "scopeSpans":[{"scope":{"name":"manual"},"spans":[
                  {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"root",
                   "kind":1,"startTimeUnixNano":"%d","endTimeUnixNano":"%d","status":{},"entityRefs":[],
                   "attributes":[{"key":"gen_ai.usage.input_tokens","value":{"intValue":"7"}}]},
                  {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b175","parentSpanId":"eee19b7ec3c1b174",
                   "name":"","kind":3,"startTimeUnixNano":"%d","endTimeUnixNano":"%d"}]}]}]}
                """.formatted(start, start + 5_000_000, start, start + 1_000_000);
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/v1/traces"))
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.get("partialSuccess").get("rejectedSpans").asString()).isEqualTo("1");
        assertThat(answer.get("partialSuccess").get("errorMessage").asString()).contains("eee19b7ec3c1b175");
        JsonNode run = getJson("/v1/runs/5b8efff798038103d269b633813fc60c", 200);
        assertThat(run.get("agent").asString()).isEqualTo("curl-svc");
        assertThat(run.get("totals").get("input_tokens").asLong()).isEqualTo(7);
        assertThat(run.get("duration_ms").asDouble()).isEqualTo(5.0);

        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(uri("/v1/traces"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, 0x01})).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        HttpResponse<String> text = http.send(HttpRequest.newBuilder(uri("/v1/traces"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(text.statusCode()).isEqualTo(415);
    }

    @Autowired
    ObservationLog log;

    @Autowired
    LiveStats liveStats;

    @Test
    void pastTheQueueLimitSomeBatchesGet429AndEveryAcknowledgedOneIsKeptAndExported() throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(1);
        int writers = 8;
        int batches = 4;
        int size = 200;
        Map<String, Integer> outcome = new ConcurrentHashMap<>();
        List<String> retryAfter = new CopyOnWriteArrayList<>();
        // Deterministic backpressure: while the test holds the live stats' monitor, the journal's committer cannot
        // fold a durable batch (LiveStats.record is synchronized), so nothing it took is answered and the queue only
        // grows. max-queued is 500: of the first round of 200-observation batches exactly two fit, every other one
        // is refused at once. Then the committer is let go and the later rounds race as before.
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            synchronized (liveStats) {
                for (int w = 0; w < writers; w++) {
                    int wid = w;
                    all.add(pool.submit(() -> {
                        String run = "bp-" + wid + "-0";
                        HttpResponse<String> r = post("/v1/observations", Obs.array(Obs.run(run, size, t)));
                        outcome.put(run, r.statusCode());
                        r.headers().firstValue("Retry-After").ifPresent(retryAfter::add);
                        return null;
                    }));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (outcome.size() < writers - 2 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(outcome.values()).as("refused at once while two batches wait").hasSize(writers - 2)
                        .allMatch(s -> s == 429);
            }
            for (Future<?> f : all) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(outcome.values().stream().filter(s -> s == 202).count()).isEqualTo(2);
            all.clear();
            for (int w = 0; w < writers; w++) {
                int wid = w;
                all.add(pool.submit(() -> {
                    for (int b = 1; b < batches; b++) {
                        String run = "bp-" + wid + "-" + b;
                        HttpResponse<String> r = post("/v1/observations", Obs.array(Obs.run(run, size, t)));
                        outcome.put(run, r.statusCode());
                        r.headers().firstValue("Retry-After").ifPresent(retryAfter::add);
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        long accepted = outcome.values().stream().filter(s -> s == 202).count();
        long throttled = outcome.values().stream().filter(s -> s == 429).count();
        assertThat(accepted + throttled).isEqualTo(writers * batches);
        assertThat(throttled).as("some batches throttled").isPositive();
        assertThat(accepted).as("some batches accepted").isPositive();
        assertThat(retryAfter).hasSize((int) throttled);
        for (Map.Entry<String, Integer> e : outcome.entrySet()) {
            if (e.getValue() == 202) {
                assertThat(getJson("/v1/runs/" + e.getKey(), 200).get("totals").get("observations").asInt())
                        .isEqualTo(size);
            } else {
                getJson("/v1/runs/" + e.getKey(), 404);
            }
        }

        // Export: every acknowledged observation is in raw/observation/ exactly once.
        log.exportNow();
        Map<String, Integer> exported = new HashMap<>();
        try (Stream<Path> files = Files.walk(lake.resolve("raw/observation"))) {
            for (Path p : files.filter(p -> p.toString().endsWith(".ndjson")).toList()) {
                for (String line : Files.readAllLines(p)) {
                    String run = JSON.readTree(line).get("run_id").asString();
                    if (run.startsWith("bp-")) {
                        exported.merge(run, 1, Integer::sum);
                    }
                }
            }
        }
        assertThat(exported.keySet()).containsExactlyInAnyOrderElementsOf(
                outcome.entrySet().stream().filter(e -> e.getValue() == 202).map(Map.Entry::getKey).toList());
        assertThat(exported.values()).allMatch(n -> n == size);
    }

    @Test
    void capturesAreStoredAndReplayedOnlyAgainstAllowedTargets() throws Exception {
        // A capture of observerd's own API (loopback is allowed by default); one case drifts on purpose.
        String capture = """
                {"cases":[
                 {"name":"missing-run","request":{"method":"GET","path":"/v1/runs/none-such"},
                  "response":{"status":404,"body":{"code":"run_not_found","request_id":"x","status":404}}},
                 {"name":"stats-window","request":{"method":"GET","path":"/v1/stats?window=1h&agent=nobody"},
                  "response":{"status":200,"body":{"window":"1h","total":{"count":1.0}}}}]}
                """;
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(uri("/v1/captures/self"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(capture)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(getJson("/v1/captures", 200).get("captures").findValues("name").stream().map(JsonNode::asString)
                .toList()).contains("self");
        assertThat(getJson("/v1/captures/self", 200).get("cases")).hasSize(2);

        String target = "http://127.0.0.1:" + port;
        JsonNode report = JSON.readTree(post("/v1/replay", "{\"capture_name\":\"self\",\"target\":\"" + target
                + "\",\"ignore\":[\"$.request_id\",\"$..detail\",\"$.instance\",\"$.title\",\"$.type\"]}").body());
        assertThat(report.get("total").asInt()).isEqualTo(2);
        assertThat(report.get("status_match").asInt()).isEqualTo(2);
        assertThat(report.get("body_match").asInt()).isEqualTo(0);
        JsonNode missing = report.get("cases").get(0);
        // request_id differs and is ignored; what remains are members the capture did not record.
        assertThat(missing.get("diff").findValues("path").stream().map(JsonNode::asString).toList())
                .doesNotContain("$['request_id']").allMatch(p -> p.startsWith("$['"));
        assertThat(missing.get("ignored").asInt()).isPositive();
        JsonNode stats = report.get("cases").get(1);
        JsonNode count = stats.get("diff").findParents("path").stream()
                .filter(d -> d.get("path").asString().equals("$['total']['count']")).findFirst().orElseThrow();
        assertThat(count.get("expected").asDouble()).isEqualTo(1.0);
        assertThat(count.get("actual").asInt()).isZero();
        assertThat(stats.get("diff").findValues("path").stream().map(JsonNode::asString).toList())
                .doesNotContain("$['window']"); // equal values are not differences

        // A capture built from a run whose observations carry their exchange.
        Instant t = Instant.now().minusSeconds(3);
        String exchange = ",\"attributes\":{\"lakehouse.exchange\":{\"request\":{\"method\":\"GET\",\"path\":\"/v1/runs/none-such\"},"
                + "\"response\":{\"status\":404}}}}";
        String recorded = Obs.obs("x1", "recorded", null, "agent", "tool_call", "lookup", t, 5, "ok", null, null, null);
        recorded = recorded.substring(0, recorded.indexOf(",\"attributes\"")) + exchange;
        String plain = Obs.obs("p1", "plain", null, "agent", "run", "plain", t, 5, "ok", null, null, null);
        assertThat(post("/v1/observations", "[" + recorded + "," + plain + "]").statusCode()).isEqualTo(202);
        HttpResponse<String> built = post("/v1/captures/from-run/from-run/recorded", "");
        assertThat(built.statusCode()).as(built.body()).isEqualTo(200);
        assertThat(JSON.readTree(built.body()).get("cases").asInt()).isEqualTo(1);
        JsonNode replayed = JSON.readTree(post("/v1/replay", "{\"capture_name\":\"from-run\",\"target\":\"" + target
                + "\"}").body());
        assertThat(replayed.get("summary").asString()).isEqualTo("1/1 statuses, 1/1 bodies match");
        assertThat(post("/v1/captures/x/from-run/plain", "").statusCode()).isEqualTo(400);
        assertThat(post("/v1/captures/x/from-run/none-such", "").statusCode()).isEqualTo(404);

        HttpResponse<String> forbidden = post("/v1/replay", "{\"capture_name\":\"self\",\"target\":\"http://10.1.2.3:80\"}");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(forbidden.body()).get("code").asString()).isEqualTo("target_not_allowed");
        assertThat(post("/v1/replay", "{\"capture_name\":\"self\",\"target\":\"http://evil@127.0.0.1:1/x\"}")
                .statusCode()).isEqualTo(400);
        assertThat(post("/v1/replay", "{\"capture\":[{\"request\":{\"path\":\"@evil.com/\"},\"response\":{\"status\":200}}],"
                + "\"target\":\"" + target + "\"}").statusCode()).isEqualTo(400);
        assertThat(post("/v1/replay", "{\"capture_name\":\"nope\",\"target\":\"" + target + "\"}").statusCode())
                .isEqualTo(404);
        assertThat(post("/v1/replay", "{\"capture_name\":\"self\",\"target\":\"" + target + "\",\"ignore\":[\"$[\"]}")
                .statusCode()).isEqualTo(400);
    }

    @Test
    void readyOverRealHttp() throws Exception {
        assertReady();
    }

    @Test
    void mixedBatchKeepsTheValidItemsAndListsTheInvalidOnesByIndex() throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(5);
        List<String> items = new ArrayList<>(Obs.run("mixed", 3, t));
        items.add(1, "{\"observation_id\":\"x\",\"run_id\":\"mixed\"}");                       // index 1: missing members
        items.add(3, Obs.obs("bad-kind", "mixed", null, "a", "dance", "n", t, 1, "ok", null, null, null)); // 3: enum
        items.add(Obs.obs("backwards", "mixed", null, "a", "step", "n", t, -5, "ok", null, null, null));   // 5: order
        HttpResponse<String> r = post("/v1/observations", Obs.array(items));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("accepted").asInt()).isEqualTo(3);
        assertThat(body.get("rejected").asInt()).isEqualTo(3);
        assertThat(body.get("errors").findValues("index").stream().map(JsonNode::asInt).toList())
                .containsExactly(1, 3, 5);
        // The validate error shape: externally tagged variants.
        assertThat(body.get("errors").get(0).get("errors").get(0).has("Missing")).isTrue();
        assertThat(body.get("errors").get(1).get("errors").get(0).get("Schema").get("field").asString())
                .isEqualTo("kind");
        assertThat(body.get("errors").get(2).get("errors").get(0).get("Schema").get("field").asString())
                .isEqualTo("ended_at");

        JsonNode run = getJson("/v1/runs/mixed", 200);
        assertThat(run.get("totals").get("observations").asInt()).isEqualTo(3);
        assertThat(run.get("tree")).hasSize(1);
        JsonNode root = run.get("tree").get(0);
        assertThat(root.get("observation_id").asString()).isEqualTo("mixed-0");
        assertThat(root.get("children")).hasSize(2);
        assertThat(root.get("duration_ms").asDouble()).isEqualTo(30.0);
        assertThat(run.get("totals").get("input_tokens").asLong()).isEqualTo(10);
        assertThat(run.get("totals").get("output_tokens").asLong()).isEqualTo(14);
        assertThat(root.get("attributes").get("k").asInt()).isEqualTo(1);

        HttpResponse<String> none = post("/v1/observations", "[{\"run_id\":\"r\"}]");
        assertThat(none.statusCode()).isEqualTo(422);
        assertThat(post("/v1/observations", "{\"nope\":1}").statusCode()).isEqualTo(400);
        assertThat(post("/v1/observations", "[").statusCode()).isEqualTo(400);
        assertThat(getJson("/v1/runs/absent", 404).get("code").asString()).isEqualTo("run_not_found");
    }

    @Test
    void listsRunsNewestFirstWithFiltersAndCursors() throws Exception {
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String run = "list-" + i;
            String agent = i % 2 == 0 ? "even" : "odd";
            items.add(Obs.obs(run + "-root", run, null, agent, "run", "r", t.plusSeconds(i), 100, i == 3 ? "error" : "ok",
                    null, null, null));
        }
        assertThat(post("/v1/observations", Obs.array(items)).statusCode()).isEqualTo(202);
        JsonNode page1 = getJson("/v1/runs?agent=even&since=2026-11-20T10:00:00Z&limit=2", 200);
        assertThat(page1.get("runs").findValues("run_id").stream().map(JsonNode::asString).toList())
                .containsExactly("list-6", "list-4");
        String cursor = page1.get("next_cursor").asString();
        JsonNode page2 = getJson("/v1/runs?agent=even&since=2026-11-20T10:00:00Z&limit=2&cursor=" + cursor, 200);
        assertThat(page2.get("runs").findValues("run_id").stream().map(JsonNode::asString).toList())
                .containsExactly("list-2", "list-0");
        assertThat(page2.get("next_cursor").isNull()).isTrue();
        JsonNode errors = getJson("/v1/runs?status=error&since=2026-11-20T10:00:00Z", 200);
        assertThat(errors.get("runs").findValues("run_id").stream().map(JsonNode::asString).toList())
                .containsExactly("list-3");
        assertThat(getJson("/v1/runs?status=weird", 400).get("code").asString()).isEqualTo("invalid_query");
        assertThat(getJson("/v1/runs?cursor=bm90LWEtY3Vyc29y", 400).get("code").asString()).isEqualTo("invalid_query");
    }

    @Test
    void statsCountRecentObservationsPerAgentAndName() throws Exception {
        Instant t = Instant.now().minusSeconds(2);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add(Obs.obs("s-" + i, "stats-run", null, "stats-agent", "tool_call", "search", t, i + 1,
                    i < 10 ? "error" : "ok", 1, 2, 0.5));
        }
        assertThat(post("/v1/observations", Obs.array(items)).statusCode()).isEqualTo(202);
        JsonNode s = getJson("/v1/stats?agent=stats-agent&window=1m", 200);
        JsonNode total = s.get("total");
        assertThat(total.get("count").asLong()).isEqualTo(100);
        assertThat(total.get("errors").asLong()).isEqualTo(10);
        assertThat(total.get("error_rate").asDouble()).isEqualTo(0.1);
        assertThat(total.get("duration_ms").get("p50").asDouble()).isBetween(49.5, 50.5);
        assertThat(total.get("duration_ms").get("p99").asDouble()).isBetween(98.0, 100.0);
        assertThat(total.get("input_tokens").asLong()).isEqualTo(100);
        assertThat(total.get("cost_usd").asDouble()).isEqualTo(50.0);
        assertThat(s.get("groups")).hasSize(1);
        assertThat(s.get("groups").get(0).get("name").asString()).isEqualTo("search");
        assertThat(getJson("/v1/stats?agent=stats-agent&kind=llm_call", 200).get("total").get("count").asLong())
                .isZero();
        assertThat(getJson("/v1/stats?window=2h", 400).get("code").asString()).isEqualTo("invalid_query");
    }

    @Test
    void secondInstanceOnTheSameStoreRefusesToStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new org.springframework.boot.builder
                        .SpringApplicationBuilder(ObserverdApplication.class)
                        .properties("lakehouse.storage.uri=" + lake.toUri(), "server.port=0").run().close())
                .hasRootCauseInstanceOf(io.lakehouse.store.lease.LeaseHeldException.class)
                .rootCause().hasMessageContaining("_system/observerd/lease/ is held by observerd on host");
    }
}
