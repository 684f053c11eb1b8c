package io.lakehouse.queryd;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.queryd.Lake.Answer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** POST /sql over real HTTP: shapes, formats, value mapping, errors. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SqlApiTest {
    @TempDir
    static Path lake;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws Exception {
        registry.add("lakehouse.storage.uri", () -> lake.toUri().toString());
        registry.add("lakehouse.queryd.max-rows", () -> "100");
    }

    @BeforeAll
    static void data() throws Exception {
        Lake.writeParquet(lake, "job_order", "2026-11-24", "part-0",
                "SELECT i AS id, 'client ' || (i % 3) AS client, i * 10.5 AS rate FROM range(10) t(i)");
        Lake.writeParquet(lake, "job_order", "2026-11-25", "part-0",
                "SELECT i AS id, 'client ' || (i % 3) AS client, i * 10.5 AS rate FROM range(10, 15) t(i)");
    }

    @LocalServerPort
    int port;

    @Test
    void select42AsJson() throws Exception {
        Answer a = Lake.sql(port, "SELECT 42 AS n");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/json");
        JsonNode j = a.json();
        assertThat(j.path("columns").toString()).isEqualTo("[{\"name\":\"n\",\"type\":\"INTEGER\"}]");
        assertThat(j.path("rows").toString()).isEqualTo("[[42]]");
        assertThat(j.path("row_count").asInt()).isEqualTo(1);
        assertThat(j.path("truncated").asBoolean()).isFalse();
        assertThat(j.path("elapsed_ms").isNumber()).isTrue();
    }

    @Test
    void onlyPostAndProblemDocuments() throws Exception {
        Answer get = Lake.get(port, "/sql");
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("Allow")).isEqualTo("POST");
        assertThat(get.contentType()).startsWith("application/problem+json");
        assertThat(get.json().path("code").asString()).isEqualTo("method_not_allowed");
        Answer write = Lake.sql(port, "CREATE TABLE t (a INTEGER)");
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.json().path("code").asString()).isEqualTo("read_only");
        assertThat(write.json().path("request_id").asString()).isEqualTo(write.header("X-Request-Id"));
        // A servlet, not an MVC handler: still described in the OpenAPI document.
        JsonNode api = Lake.get(port, "/v3/api-docs").json();
        assertThat(api.path("paths").path("/sql").path("post").path("requestBody").path("content")
                .has("application/json")).isTrue();
    }

    @Test
    void textPlainBodyAndTrailingSemicolon() throws Exception {
        Answer a = Lake.post(port, "/sql", "text/plain", null, "SELECT 1 + 1 AS two; -- done\n");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().path("rows").toString()).isEqualTo("[[2]]");
    }

    @Test
    void viewsOverPartitionsWithDtColumn() throws Exception {
        Lake.post(port, "/v1/refresh", null, null, "");
        Answer a = Lake.sql(port, "SELECT count(*) AS n, min(dt) AS first FROM job_order WHERE dt >= DATE '2026-11-24'");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().path("rows").toString()).isEqualTo("[[15,\"2026-11-24\"]]");
        Answer pruned = Lake.sql(port, "SELECT count(*) FROM job_order WHERE dt = '2026-11-25'");
        assertThat(pruned.json().path("rows").toString()).isEqualTo("[[5]]");

        JsonNode t = Lake.get(port, "/v1/tables/job_order").json();
        assertThat(t.path("name").asString()).isEqualTo("job_order");
        assertThat(t.path("files").asInt()).isEqualTo(2);
        assertThat(t.path("partitions").asInt()).isEqualTo(2);
        assertThat(t.path("bytes").asLong()).isPositive();
        assertThat(t.path("columns").toString()).contains("{\"name\":\"id\",\"type\":\"BIGINT\"}")
                .contains("{\"name\":\"dt\",\"type\":\"DATE\"}");
        assertThat(Lake.get(port, "/v1/tables").json().toString()).contains("\"name\":\"job_order\"");
        Answer missing = Lake.get(port, "/v1/tables/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("code").asString()).isEqualTo("not_found");
        assertThat(Lake.get(port, "/v1/tables/Bad-Name").status()).isEqualTo(400);
    }

    @Test
    void paramsBindToPlaceholders() throws Exception {
        String body = Lake.JSON.writeValueAsString(Map.of("sql", "SELECT ? + 1 AS a, ? AS b, ? AS c, ? IS NULL AS d",
                "params", java.util.Arrays.asList(41, "x", true, null)));
        Answer a = Lake.post(port, "/sql", "application/json", null, body);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().path("rows").toString()).isEqualTo("[[42,\"x\",true,true]]");

        Answer wrongCount = Lake.post(port, "/sql", "application/json", null,
                "{\"sql\":\"SELECT ?\",\"params\":[1,2]}");
        assertThat(wrongCount.status()).isEqualTo(400);
        assertThat(wrongCount.json().path("code").asString()).isEqualTo("bad_request");
        Answer missing = Lake.sql(port, "SELECT ? AS a");
        assertThat(missing.status()).as(missing.body()).isEqualTo(400);
        assertThat(missing.json().path("code").asString()).isEqualTo("bad_request");
        Answer nested = Lake.post(port, "/sql", "application/json", null, "{\"sql\":\"SELECT ?\",\"params\":[[1]]}");
        assertThat(nested.json().path("code").asString()).isEqualTo("bad_request");
    }

    /** Repeated statements run on prepared statements cached per connection: each run binds its own values. */
    @Test
    void repeatedStatementsBindFreshValuesAndSurviveErrors() throws Exception {
        String cast = "SELECT ?::INTEGER AS v";
        for (String v : List.of("12", "abc", "7", "abc", "8")) {
            Answer a = Lake.post(port, "/sql", "application/json", null,
                    Lake.JSON.writeValueAsString(Map.of("sql", cast, "params", List.of(v))));
            if (v.equals("abc")) {
                // The driver closes a statement after a failure: the next run prepares it again.
                assertThat(a.status()).as(a.body()).isEqualTo(400);
                assertThat(a.json().path("detail").asString()).contains("Conversion Error");
            } else {
                assertThat(a.status()).as(a.body()).isEqualTo(200);
                assertThat(a.json().path("rows").toString()).isEqualTo("[[" + v + "]]");
            }
        }
        String any = "SELECT ? AS v";
        for (Object v : List.of(1, "x", 1.5, true, 2)) {
            Answer a = Lake.post(port, "/sql", "application/json", null,
                    Lake.JSON.writeValueAsString(Map.of("sql", any, "params", List.of(v))));
            assertThat(a.status()).as(a.body()).isEqualTo(200);
            assertThat(a.json().path("rows").get(0).get(0).toString()).isEqualTo(Lake.JSON.writeValueAsString(v));
        }
        Answer missing = Lake.sql(port, any);
        assertThat(missing.status()).as(missing.body()).isEqualTo(400);
        assertThat(missing.json().path("detail").asString()).contains("placeholders");
        for (int i = 0; i < 3; i++) {
            Answer broken = Lake.sql(port, "SELECT 'abc'::INTEGER");
            assertThat(broken.json().path("code").asString()).isEqualTo("sql_error");
            Answer rows = Lake.sql(port, "SELECT count(*) AS n FROM job_order WHERE id >= 5");
            assertThat(rows.json().path("rows").toString()).isEqualTo("[[10]]");
        }
    }

    @Test
    void maxRowsTruncatesAndCannotExceedTheCap() throws Exception {
        Answer a = Lake.post(port, "/sql", "application/json", null,
                "{\"sql\":\"SELECT * FROM range(10)\",\"max_rows\":3}");
        assertThat(a.json().path("row_count").asInt()).isEqualTo(3);
        assertThat(a.json().path("truncated").asBoolean()).isTrue();
        Answer exact = Lake.post(port, "/sql", "application/json", null,
                "{\"sql\":\"SELECT * FROM range(3)\",\"max_rows\":3}");
        assertThat(exact.json().path("truncated").asBoolean()).isFalse();
        Answer capped = Lake.post(port, "/sql", "application/json", null,
                "{\"sql\":\"SELECT * FROM range(1000)\",\"max_rows\":100000}");
        assertThat(capped.json().path("row_count").asInt()).isEqualTo(100);
        assertThat(capped.json().path("truncated").asBoolean()).isTrue();
        Answer ordered = Lake.post(port, "/sql", "application/json", null,
                "{\"sql\":\"SELECT * FROM range(50) t(i) ORDER BY i DESC\",\"max_rows\":2}");
        assertThat(ordered.json().path("rows").toString()).isEqualTo("[[49],[48]]");
    }

    @Test
    void valueMappingForEveryType() throws Exception {
        Answer a = Lake.sql(port, """
                SELECT true AS bool, 1::TINYINT AS tiny, 2::SMALLINT AS small, 3 AS int, 4::BIGINT AS big,
                  9007199254740993::BIGINT AS beyond53, -9007199254740993::BIGINT AS below53,
                  9007199254740992::BIGINT AS at53, 18446744073709551615::UBIGINT AS ubig,
                  170141183460469231731687303715884105727::HUGEINT AS huge, 12.50::DECIMAL(10,2) AS dec,
                  1.5::FLOAT AS f, 2.25::DOUBLE AS d, 'NaN'::DOUBLE AS nan, 'inf'::DOUBLE AS inf,
                  '-inf'::FLOAT AS ninf, 'héllo' AS s, DATE '2026-11-24' AS dt,
                  TIMESTAMP '2026-11-24 10:00:00' AS ts, TIMESTAMP '2026-11-24 10:00:00.123456' AS ts_us,
                  TIMESTAMPTZ '2026-11-24 12:00:00+02' AS tstz, TIME '10:11:00' AS t,
                  [1, 2, NULL] AS list, [1, 2]::INT[2] AS arr, {'a': 1, 'b': [DATE '2020-01-01']} AS st,
                  MAP {'k': 1.5::DECIMAL(4,1)} AS m, '\\x00\\xFFab'::BLOB AS bl,
                  '00000000-0000-0000-0000-000000000001'::UUID AS u, INTERVAL 1 DAY AS iv,
                  NULL::INTEGER AS nul, [9007199254740993::BIGINT] AS biglist,
                  [TIMESTAMPTZ '2026-01-01 00:00:00Z'] AS tslist
                """);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonNode row = a.json().path("rows").get(0);
        List<String> names = a.json().path("columns").valueStream().map(c -> c.path("name").asString()).toList();
        Map<String, String> expect = new java.util.LinkedHashMap<>();
        expect.put("bool", "true");
        expect.put("tiny", "1");
        expect.put("small", "2");
        expect.put("int", "3");
        expect.put("big", "4");
        expect.put("beyond53", "\"9007199254740993\"");
        expect.put("below53", "\"-9007199254740993\"");
        expect.put("at53", "9007199254740992");
        expect.put("ubig", "\"18446744073709551615\"");
        expect.put("huge", "\"170141183460469231731687303715884105727\"");
        expect.put("dec", "\"12.50\"");
        expect.put("f", "1.5");
        expect.put("d", "2.25");
        expect.put("nan", "\"NaN\"");
        expect.put("inf", "\"Infinity\"");
        expect.put("ninf", "\"-Infinity\"");
        expect.put("s", "\"héllo\"");
        expect.put("dt", "\"2026-11-24\"");
        expect.put("ts", "\"2026-11-24T10:00:00Z\"");
        expect.put("ts_us", "\"2026-11-24T10:00:00.123456Z\"");
        expect.put("tstz", "\"2026-11-24T10:00:00Z\"");
        expect.put("t", "\"10:11:00\"");
        expect.put("list", "[1,2,null]");
        expect.put("arr", "[1,2]");
        expect.put("st", "{\"a\":1,\"b\":[\"2020-01-01\"]}");
        expect.put("m", "{\"k\":\"1.5\"}");
        expect.put("bl", "\"AP9hYg==\"");
        expect.put("u", "\"00000000-0000-0000-0000-000000000001\"");
        expect.put("iv", "\"1 day\"");
        expect.put("nul", "null");
        expect.put("biglist", "[\"9007199254740993\"]");
        expect.put("tslist", "[\"2026-01-01T00:00:00Z\"]");
        assertThat(names).containsExactlyElementsOf(expect.keySet());
        for (int i = 0; i < names.size(); i++) {
            assertThat(row.get(i).toString()).as(names.get(i)).isEqualTo(expect.get(names.get(i)));
        }
    }

    @Test
    void csvQuotesPerRfc4180() throws Exception {
        Answer a = Lake.sql(port, """
                SELECT 1 AS "id", 'plain' AS "a,b", 'has,comma' AS c, 'say "hi"' AS q, 'two\nlines' AS nl,
                  '' AS empty, NULL AS nul, [1,2] AS list, 1.5::DECIMAL(3,1) AS dec
                """.replace("\\n", "\n"), "text/csv");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("text/csv");
        assertThat(a.body()).isEqualTo("id,\"a,b\",c,q,nl,empty,nul,list,dec\r\n"
                + "1,plain,\"has,comma\",\"say \"\"hi\"\"\",\"two\nlines\",\"\",,\"[1,2]\",1.5\r\n");
    }

    @Test
    void parquetAnswerIsReadable() throws Exception {
        HttpResponse<byte[]> r = Lake.postBytes(port, "application/vnd.apache.parquet",
                "{\"sql\":\"SELECT i, 'row ' || i AS name FROM range(1000) t(i) WHERE i >= ?\",\"params\":[10]}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/vnd.apache.parquet");
        assertThat(new String(r.body(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        Path file = Files.createTempFile("answer", ".parquet");
        try {
            Files.write(file, r.body());
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*), min(i), max(name) FROM '" + file + "'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(990);
                assertThat(rs.getLong(2)).isEqualTo(10);
                assertThat(rs.getString(3)).isEqualTo("row 999");
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void ndjsonObjectsPerRow() throws Exception {
        Answer a = Lake.sql(port, "SELECT i AS n, 'x' || i AS s, 1 AS n FROM range(3) t(i)", "application/x-ndjson");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/x-ndjson");
        assertThat(a.body()).isEqualTo("{\"n\":0,\"s\":\"x0\",\"n_1\":1}\n{\"n\":1,\"s\":\"x1\",\"n_1\":1}\n"
                + "{\"n\":2,\"s\":\"x2\",\"n_1\":1}\n");
    }

    @Test
    void errorsAreProblemDetails() throws Exception {
        Answer syntax = Lake.sql(port, "SELEC 1");
        assertThat(syntax.status()).isEqualTo(400);
        assertThat(syntax.contentType()).startsWith("application/problem+json");
        assertThat(syntax.json().path("code").asString()).isEqualTo("sql_error");
        assertThat(syntax.json().path("detail").asString()).contains("syntax error");
        assertThat(syntax.json().path("request_id").asString()).isNotEmpty();

        Answer binder = Lake.sql(port, "SELECT nope FROM job_order");
        assertThat(binder.status()).isEqualTo(400);
        assertThat(binder.json().path("code").asString()).isEqualTo("sql_error");
        assertThat(binder.json().path("detail").asString()).contains("nope").contains("LINE 1:");

        Answer runtime = Lake.sql(port, "SELECT 'abc'::INTEGER");
        assertThat(runtime.json().path("code").asString()).isEqualTo("sql_error");
        assertThat(runtime.json().path("detail").asString()).contains("Conversion Error");

        Answer two = Lake.sql(port, "SELECT 1; SELECT 2");
        assertThat(two.status()).isEqualTo(400);
        assertThat(two.json().path("code").asString()).isEqualTo("bad_request");

        for (String body : List.of("", "{", "[]", "{\"sql\": 1}", "{\"sql\":\"SELECT 1\",\"maxRows\":1}",
                "{\"sql\":\"SELECT 1\",\"max_rows\":0}", "{\"sql\":\"  \"}", "{\"sql\":\"-- nothing\"}")) {
            Answer bad = Lake.post(port, "/sql", "application/json", null, body);
            assertThat(bad.status()).as(body).isEqualTo(400);
            assertThat(bad.json().path("code").asString()).as(body).isEqualTo("bad_request");
        }
        Answer notAcceptable = Lake.sql(port, "SELECT 1", "image/png");
        assertThat(notAcceptable.status()).isEqualTo(406);
        Answer media = Lake.post(port, "/sql", "application/xml", null, "<sql/>");
        assertThat(media.status()).isEqualTo(415);
    }

    @Test
    void metricsCountQueriesRowsAndRejections() throws Exception {
        Lake.sql(port, "SELECT 1");
        Lake.sql(port, "DROP VIEW job_order");
        String prom = Lake.get(port, "/actuator/prometheus").body();
        assertThat(prom).contains("queryd_queries_seconds_bucket").contains("outcome=\"ok\"")
                .contains("outcome=\"read_only\"").contains("queryd_rows_returned_total")
                .contains("queryd_statements_rejected_total{reason=\"not_a_read\"");
        Answer health = Lake.get(port, "/actuator/health/readiness");
        assertThat(health.status()).isEqualTo(200);
    }
}
