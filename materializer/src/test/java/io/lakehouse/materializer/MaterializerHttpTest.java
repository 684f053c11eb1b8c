package io.lakehouse.materializer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP API over real HTTP: bodies and status codes, error bodies included. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MaterializerHttpTest {
    @TempDir
    static Path tmp;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry registry) {
        registry.add("lakehouse.storage.uri", () -> tmp.resolve("lake").toUri().toString());
        registry.add("lakehouse.materializer.work-dir", () -> tmp.resolve("work").toString());
        registry.add("lakehouse.materializer.interval", () -> "0");
        registry.add("lakehouse.http.max-body-size", () -> "64KB");
        registry.add("lakehouse.peers.queryd", () -> "http://127.0.0.1:9");
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final JsonMapper json = JsonMapper.builder().build();

    static String candidate(int i, String created) {
        return "{\"candidate_id\":\"00000000-0000-4000-8000-" + String.format("%012d", i)
                + "\",\"first_name\":\"Ada\",\"last_name\":\"Lovelace\",\"email\":\"ada@example.com\","
                + "\"status\":\"active\",\"created_at\":\"" + created + "\"}";
    }

    HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void ingestStoresTheBatchAndMaterializeWritesParquetAndARunRecord() throws Exception {
        HttpResponse<String> r = post("/v1/ingest/candidate", "application/x-ndjson",
                candidate(1, "2026-01-02T03:04:05Z") + "\n" + candidate(2, "2026-01-03T23:30:00-05:00") + "\n");
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("records").asLong()).isEqualTo(2);
        assertThat(body.get("object").asString()).matches("raw/candidate/dt=\\d{4}-\\d{2}-\\d{2}/[0-9a-f-]{36}\\.ndjson");
        assertThat(Files.size(tmp.resolve("lake").resolve(body.get("object").asString())))
                .isEqualTo(body.get("bytes").asLong());

        // A JSON array is accepted too (stored as NDJSON).
        HttpResponse<String> arr = post("/v1/ingest/candidate", "application/json",
                "[" + candidate(3, "2026-01-02T00:00:00Z") + "]");
        assertThat(arr.statusCode()).as(arr.body()).isEqualTo(201);
        assertThat(json.readTree(arr.body()).get("records").asLong()).isEqualTo(1);

        HttpResponse<String> run = post("/v1/materialize", "application/json", "{\"dataset\":\"candidate\"}");
        assertThat(run.statusCode()).isEqualTo(200);
        JsonNode record = json.readTree(run.body());
        assertThat(record.get("status").asString()).isEqualTo("succeeded");
        JsonNode ds = record.get("datasets").get(0);
        assertThat(ds.get("dataset").asString()).isEqualTo("candidate");
        assertThat(ds.get("objects").asLong()).isEqualTo(2);
        assertThat(ds.get("records").asLong()).isEqualTo(3);
        assertThat(ds.get("valid").asLong()).isEqualTo(3);
        assertThat(ds.get("partitions").asLong()).isEqualTo(2);
        for (String member : new String[] {"run_id", "started_at", "finished_at", "status", "datasets"}) {
            assertThat(record.has(member)).as(member).isTrue();
        }
        for (String member : new String[] {"objects", "records", "valid", "invalid", "files", "bytes", "partitions",
                "seconds"}) {
            assertThat(ds.has(member)).as(member).isTrue();
        }
        try (Stream<Path> files = Files.walk(tmp.resolve("lake/curated/candidate"))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getParent().getFileName().toString()).distinct()
                    .sorted()).containsExactly("dt=2026-01-02", "dt=2026-01-04");
        }

        String id = record.get("run_id").asString();
        HttpResponse<String> one = get("/v1/runs/" + id);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(json.readTree(one.body())).isEqualTo(record);
        HttpResponse<String> list = get("/v1/runs");
        assertThat(json.readTree(list.body()).get(0).get("run_id").asString()).isEqualTo(id);
        assertThat(get("/actuator/prometheus").body())
                .contains("materializer_records_total{dataset=\"candidate\",outcome=\"valid\"} 3.0");
        HttpResponse<String> missing = get("/v1/runs/01a00000-0000-7000-8000-000000000000");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json.readTree(missing.body()).get("code").asString()).isEqualTo("run_not_found");
    }

    @Test
    void readinessIncludesTheContracts() throws Exception {
        HttpResponse<String> r = get("/actuator/health/readiness");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"UP\"");
    }

    @Test
    void unknownDatasetIs404() throws Exception {
        HttpResponse<String> r = post("/v1/ingest/no_such", "application/x-ndjson", "{}\n");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(json.readTree(r.body()).get("code").asString()).isEqualTo("unknown_dataset");
        HttpResponse<String> m = post("/v1/materialize", "application/json", "{\"dataset\":\"no_such\"}");
        assertThat(m.statusCode()).isEqualTo(404);
        HttpResponse<String> bad = post("/v1/ingest/Bad-Name", "application/x-ndjson", "{}\n");
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    @Test
    void malformedNdjsonIs400NamingTheLineAndNothingIsStored() throws Exception {
        HttpResponse<String> r = post("/v1/ingest/job_order", "application/x-ndjson",
                "{\"a\":1}\n\n{\"b\":2}\n{oops\n{\"c\":3}\n");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode p = json.readTree(r.body());
        assertThat(p.get("code").asString()).isEqualTo("malformed_ndjson");
        assertThat(p.get("line").asInt()).isEqualTo(4);
        assertThat(p.get("detail").asString()).startsWith("line 4 is not valid JSON");
        assertThat(Files.exists(tmp.resolve("lake/raw/job_order"))).isFalse();
    }

    @Test
    void oversizedBodyIs413AndNothingIsStored() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; b.length() < 100_000; i++) {
            b.append(candidate(i, "2026-01-02T03:04:05Z")).append('\n');
        }
        HttpResponse<String> r = post("/v1/ingest/placement", "application/x-ndjson", b.toString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json.readTree(r.body()).get("code").asString()).isEqualTo("payload_too_large");
        assertThat(Files.exists(tmp.resolve("lake/raw/placement"))).isFalse();
    }

    @Test
    void validateTrueAnswers422WithTheBatchShapeAndStoresNothing() throws Exception {
        HttpResponse<String> r = post("/v1/ingest/timesheet?validate=true", "application/x-ndjson",
                "{\"timesheet_id\":\"x\"}\n");
        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode body = json.readTree(r.body());
        assertThat(body.get("total").asLong()).isEqualTo(1);
        assertThat(body.get("valid").asLong()).isZero();
        assertThat(body.get("invalid").asLong()).isEqualTo(1);
        assertThat(body.get("results").get(0).get("line").asLong()).isEqualTo(1);
        assertThat(body.get("results").get(0).get("errors").get(0).has("Missing")
                || body.get("results").get(0).get("errors").get(0).has("Schema")).isTrue();
        assertThat(Files.exists(tmp.resolve("lake/raw/timesheet"))).isFalse();
    }

    @Test
    void materializeOfADatasetRunningElsewhereIs409() throws Exception {
        Path lock = tmp.resolve("lake/_system/materializer/lease/observation/000000000003.lease");
        Files.createDirectories(lock.getParent());
        Files.writeString(lock, "{\"generation\":7,\"holder\":\"materializer\",\"host\":\"replica-2\",\"pid\":4242,"
                        + "\"acquired_at\":\"2026-11-29T00:00:00Z\",\"renewed_at\":\"2026-11-29T00:00:00Z\","
                        + "\"expires_at\":\"" + Instant.now().plusSeconds(120) + "\"}",
                StandardCharsets.UTF_8);
        HttpResponse<String> r = post("/v1/materialize", "application/json", "{\"dataset\":\"observation\"}");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(json.readTree(r.body()).get("code").asString()).isEqualTo("run_in_progress");
    }
}
