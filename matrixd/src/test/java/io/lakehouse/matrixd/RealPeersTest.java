package io.lakehouse.matrixd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lakehouse.shared.testing.JarProcess;
import io.lakehouse.shared.testing.TempLakeDaemonTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * matrixd against a real vectord and a real queryd, each started from its packaged jar: SQL injection attempts
 * through the sql source, a fused search across both, and match matrices checked against exact brute force.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RealPeersTest extends TempLakeDaemonTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] STATES = {"TX", "CA", "NY"};
    private static final int DIM = 8;
    static Path root;
    static Path parquet;
    static JarProcess vectord;
    static JarProcess queryd;

    @DynamicPropertySource
    static void realPeers(DynamicPropertyRegistry r) throws Exception {
        root = Files.createTempDirectory("matrixd-real-peers");
        Path qlake = root.resolve("queryd-lake");
        parquet = qlake.resolve("curated/job_order/dt=2026-01-01/part-0.parquet");
        Files.createDirectories(parquet.getParent());
        try (var c = DriverManager.getConnection("jdbc:duckdb:"); var s = c.createStatement()) {
            s.execute("COPY (SELECT * FROM (VALUES ('j1', 'Java engineer', 'TX'), ('j2', 'O''Brien''s night nurse', 'NY'),"
                    + " ('j3', 'forklift operator', 'CA')) t(id, title, state)) TO '" + parquet + "' (FORMAT PARQUET)");
        }
        queryd = JarProcess.of("queryd", qlake).start();
        vectord = JarProcess.of("vectord", root.resolve("vectord-lake")).start();
        queryd.awaitReady(Duration.ofSeconds(180));
        vectord.awaitReady(Duration.ofSeconds(180));
        r.add("lakehouse.peers.vectord", vectord::base);
        r.add("lakehouse.peers.queryd", queryd::base);
        r.add("lakehouse.peers.pathwayd", () -> "http://127.0.0.1:" + StubPeer.refusedPort());
    }

    @AfterAll
    static void stop() throws Exception {
        if (vectord != null) {
            vectord.close();
        }
        if (queryd != null) {
            queryd.close();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    record Answer(int status, String raw) {
        JsonNode json() {
            return JSON.readTree(raw);
        }
    }

    Answer post(String url, Object body, String accept) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)))
                .build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    Answer matrixd(String path, Object body) throws Exception {
        return post(uri(path).toString(), body, "application/json");
    }

    private static final String TITLE_SQL =
            "select id, title as text, state from job_order where title ilike '%' || ? || '%' order by id";

    private Answer sqlSearch(String query, String sql) throws Exception {
        return matrixd("/v1/search", Map.of("query", query, "sources", List.of(Map.of("type", "sql", "sql", sql))));
    }

    @Test
    void sqlSourceBindsTheQueryTextSoInjectionNeverReachesTheSql() throws Exception {
        byte[] before = Files.readAllBytes(parquet);
        // Quotes are data: the row with an apostrophe is found by its literal text.
        Answer quoted = sqlSearch("O'Brien's", TITLE_SQL);
        assertThat(quoted.status()).as(quoted.raw()).isEqualTo(200);
        assertThat(quoted.json().get("results")).hasSize(1);
        assertThat(quoted.json().get("results").get(0).get("id").asString()).isEqualTo("j2");

        String[] attacks = {
            "'; DROP VIEW job_order; --",
            "x' OR '1'='1",
            "%' UNION SELECT 'pwn', current_setting('threads'), 'x' --",
            "*/ SELECT 1; /*",
            "'); COPY job_order TO '" + root.resolve("stolen.csv") + "'; --",
            "\\'; ATTACH '" + root.resolve("evil.db") + "' AS evil; --",
        };
        for (String attack : attacks) {
            Answer a = sqlSearch(attack, TITLE_SQL);
            assertThat(a.status()).as(attack + " -> " + a.raw()).isEqualTo(200);
            JsonNode sql = a.json().get("sources").get(0);
            assertThat(sql.get("status").asString()).as(attack).isEqualTo("ok");
            assertThat(sql.get("count").asInt()).as("no title contains %s", attack).isZero();
        }
        // A writing statement in the source itself is refused by queryd (403 read_only): the only source failed.
        Answer write = sqlSearch("x", "drop view job_order");
        assertThat(write.status()).isEqualTo(502);
        assertThat(write.json().get("sources").get(0).get("code").asString()).isEqualTo("read_only");

        // Nothing changed: same rows, same file, nothing written beside it.
        Answer count = post(queryd.base() + "/sql", "{\"sql\":\"select count(*) from job_order\"}", "application/json");
        assertThat(count.json().get("rows").get(0).get(0).asInt()).isEqualTo(3);
        assertThat(Files.readAllBytes(parquet)).isEqualTo(before);
        assertThat(root.resolve("stolen.csv")).doesNotExist();
        assertThat(root.resolve("evil.db")).doesNotExist();
    }

    @Test
    void fusedSearchAcrossRealVectordAndQueryd() throws Exception {
        createIndex("jobs_text", "{\"dim\":64,\"embedder\":{\"type\":\"hash\"}}");
        upsert("jobs_text", "{\"items\":[{\"id\":\"j1\",\"text\":\"java engineer austin\",\"metadata\":{\"state\":\"TX\"}},"
                + "{\"id\":\"j2\",\"text\":\"night nurse\"},{\"id\":\"j3\",\"text\":\"forklift operator warehouse\"}]}");
        Answer a = matrixd("/v1/search", Map.of("query", "java", "k", 3, "sources", List.of(
                Map.of("type", "vector", "index", "jobs_text"),
                Map.of("type", "sql", "sql", TITLE_SQL),
                Map.of("type", "memory"))));
        assertThat(a.status()).as(a.raw()).isEqualTo(200);
        JsonNode first = a.json().get("results").get(0);
        assertThat(first.get("id").asString()).isEqualTo("j1");
        assertThat(first.get("ranks").get("vector").asInt()).isEqualTo(1);
        assertThat(first.get("ranks").get("sql").asInt()).isEqualTo(1);
        assertThat(first.get("metadata").get("text").asString()).isEqualTo("Java engineer");
        assertThat(a.json().get("sources").get(2).get("status").asString()).isEqualTo("error");
    }

    private record Item(String id, float[] v, String state, int years) {
    }

    private static List<Item> items(String prefix, int n, long seed) {
        Random rnd = new Random(seed);
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] v = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                v[d] = (float) rnd.nextGaussian();
            }
            out.add(new Item(String.format("%s%05d", prefix, i), v, STATES[rnd.nextInt(3)], rnd.nextInt(11)));
        }
        return out;
    }

    private void createIndex(String name, String settings) throws Exception {
        Answer a = post(vectord.base() + "/v1/indexes/" + name, settings, "application/json");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(vectord.base() + "/v1/indexes/" + name))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(settings)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
        assertThat(a.status()).isNotEqualTo(500);
    }

    private void upsert(String index, String body) throws Exception {
        Answer a = post(vectord.base() + "/v1/indexes/" + index + "/items", body, "application/json");
        assertThat(a.status()).as(a.raw()).isEqualTo(200);
    }

    private void upsert(String index, List<Item> items, String yearsKey) throws Exception {
        for (int from = 0; from < items.size(); from += 1000) {
            ArrayNode arr = JSON.createArrayNode();
            for (Item it : items.subList(from, Math.min(items.size(), from + 1000))) {
                ObjectNode n = arr.addObject().put("id", it.id());
                ArrayNode v = n.putArray("vector");
                for (float f : it.v()) {
                    v.add(f);
                }
                n.putObject("metadata").put("state", it.state()).put(yearsKey, it.years())
                        .put("available", it.years() % 4 != 0);
            }
            upsert(index, JSON.createObjectNode().set("items", arr).toString());
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void matchEqualsExactBruteForceWithJoinFilters() throws Exception {
        List<Item> jobs = items("j", 40, 1);
        List<Item> cands = items("c", 600, 2);
        createIndex("m_jobs", "{\"dim\":8}");
        createIndex("m_cands", "{\"dim\":8}");
        upsert("m_jobs", jobs, "min_years");
        upsert("m_cands", cands, "years");

        String request = """
                {"left":{"index":"m_jobs","filter":{}},"right":{"index":"m_cands","filter":{"available":true},
                 "join":{"state":"state","years":{"gte":"min_years"}}},"k":5,"ef":600,"include_left_metadata":true}""";
        Answer a = matrixd("/v1/match", request);
        assertThat(a.status()).as(a.raw()).isEqualTo(200);
        JsonNode matrix = a.json().get("matrix");
        assertThat(matrix).hasSize(40);
        assertThat(a.json().get("left_count").asInt()).isEqualTo(40);
        for (int i = 0; i < jobs.size(); i++) {
            Item job = jobs.get(i);
            List<Map.Entry<String, Double>> exact = cands.stream()
                    .filter(c -> c.state().equals(job.state()) && c.years() >= job.years() && c.years() % 4 != 0)
                    .map(c -> Map.entry(c.id(), cosine(job.v(), c.v())))
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(5).toList();
            JsonNode row = matrix.get(i);
            assertThat(row.get("left_id").asString()).isEqualTo(job.id());
            assertThat(row.get("left_metadata").get("state").asString()).isEqualTo(job.state());
            JsonNode matches = row.get("matches");
            assertThat(matches).as(job.id()).hasSize(exact.size());
            for (int m = 0; m < exact.size(); m++) {
                assertThat(matches.get(m).get("right_id").asString()).as(job.id() + " #" + m)
                        .isEqualTo(exact.get(m).getKey());
                assertThat(matches.get(m).get("score").asDouble()).isCloseTo(exact.get(m).getValue(), within(1e-4));
                assertThat(matches.get(m).get("metadata").get("state").asString()).isEqualTo(job.state());
                assertThat(matches.get(m).get("metadata").get("years").asInt()).isGreaterThanOrEqualTo(job.years());
            }
        }

        // The same rows by ids, streamed as NDJSON, in the order asked.
        Answer nd = post(uri("/v1/match").toString(), request.replace("\"filter\":{}}", "\"ids\":[\"j00003\",\"j00001\"]}"),
                "application/x-ndjson");
        assertThat(nd.status()).as(nd.raw()).isEqualTo(200);
        String[] lines = nd.raw().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines[0]).get("left_id").asString()).isEqualTo("j00003");
        assertThat(JSON.readTree(lines[0]).get("matches")).isEqualTo(matrix.get(3).get("matches"));
        assertThat(JSON.readTree(lines[1]).get("matches")).isEqualTo(matrix.get(1).get("matches"));

        // Errors before the first row are problem details.
        Answer missing = matrixd("/v1/match", "{\"left\":{\"index\":\"nope\",\"filter\":{}},\"right\":{\"index\":\"m_cands\"}}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("code").asString()).isEqualTo("index_not_found");
        Answer badFilter = matrixd("/v1/match", "{\"left\":{\"index\":\"m_jobs\",\"filter\":{}},"
                + "\"right\":{\"index\":\"m_cands\",\"filter\":{\"x\":{\"near\":1}}}}");
        assertThat(badFilter.status()).isEqualTo(400);
        Answer badK = matrixd("/v1/match", "{\"left\":{\"index\":\"m_jobs\",\"filter\":{}},\"right\":{\"index\":\"m_cands\"},\"k\":0}");
        assertThat(badK.status()).isEqualTo(400);
        assertThat(badK.json().get("code").asString()).isEqualTo("invalid_match");
    }

    @Test
    void tenThousandLeftItemsStreamAsNdjson() throws Exception {
        // Never searched, only scanned: a cheap graph keeps the 10,000-item load fast.
        createIndex("m_many", "{\"dim\":8,\"m\":4,\"ef_construction\":8}");
        createIndex("m_right", "{\"dim\":8}");
        upsert("m_many", items("l", 10_000, 3), "min_years");
        upsert("m_right", items("r", 200, 4), "years");
        HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(uri("/v1/match"))
                .header("Content-Type", "application/json").header("Accept", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"left\":{\"index\":\"m_many\",\"filter\":{}},\"right\":{\"index\":\"m_right\"},\"k\":3,"
                                + "\"include_metadata\":false}")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        int rows = 0;
        String last = "";
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(r.body()))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                JsonNode row = JSON.readTree(line);
                assertThat(row.has("error")).as(line).isFalse();
                String id = row.get("left_id").asString();
                assertThat(id).isGreaterThan(last);
                last = id;
                assertThat(row.get("matches")).hasSize(3);
                assertThat(row.get("matches").get(0).has("metadata")).isFalse();
                rows++;
            }
        }
        assertThat(rows).isEqualTo(10_000);
    }
}
