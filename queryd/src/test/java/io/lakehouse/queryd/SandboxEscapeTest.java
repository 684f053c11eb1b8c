package io.lakehouse.queryd;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.queryd.Lake.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Escape attempts: each must answer 403 and leave the system unchanged (the lake's files byte for byte, no file
 * outside it, the settings, the views). Grow this table whenever a new way out is found.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SandboxEscapeTest {
    @TempDir
    static Path lake;
    @TempDir
    static Path outside;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("lakehouse.storage.uri", () -> lake.toUri().toString());
    }

    @LocalServerPort
    int port;

    @BeforeAll
    static void data() throws Exception {
        Lake.writeParquet(lake, "staff", "2026-11-24", "part-0", "SELECT i AS id FROM range(5) t(i)");
        Files.writeString(lake.resolve("raw-secret.txt"), "not for queryd");
        Lake.writeParquet(outside, "other", "2026-11-24", "part-0", "SELECT 1 AS x");
        Files.createSymbolicLink(lake.resolve("curated").resolve("etc_link"), Path.of("/etc"));
    }

    static Stream<Arguments> escapes() {
        String part = "curated/staff/dt=2026-11-24/part-0.parquet";
        return Stream.of(
                // Reads outside the lake: refused by DuckDB's locked configuration.
                Arguments.of("read_csv", "SELECT * FROM read_csv('/etc/passwd')"),
                Arguments.of("read_text", "SELECT * FROM read_text('/etc/hostname')"),
                Arguments.of("read_blob", "SELECT * FROM read_blob('/etc/hostname')"),
                Arguments.of("replacement scan", "SELECT * FROM '/etc/passwd'"),
                Arguments.of("glob root", "SELECT * FROM glob('/*')"),
                Arguments.of("parquet outside", "SELECT * FROM read_parquet('@OUT/curated/*/*/*.parquet')"),
                Arguments.of("dot-dot out of curated", "SELECT * FROM read_text('@LAKE/curated/../raw-secret.txt')"),
                Arguments.of("lake root outside curated", "SELECT * FROM read_text('@LAKE/raw-secret.txt')"),
                Arguments.of("symlink out", "SELECT * FROM read_text('@LAKE/curated/etc_link/hostname')"),
                Arguments.of("file url", "SELECT * FROM read_text('file:///etc/hostname')"),
                Arguments.of("http url", "SELECT * FROM read_text('http://127.0.0.1:1/x')"),
                Arguments.of("sniff_csv", "SELECT * FROM sniff_csv('/etc/passwd')"),
                Arguments.of("parquet_metadata", "SELECT * FROM parquet_metadata('@OUT/curated/other/dt=2026-11-24/part-0.parquet')"),
                // Writes and state changes: refused by the statement check.
                Arguments.of("copy over curated", "COPY (SELECT 1 AS id) TO '@LAKE/" + part + "' (FORMAT parquet)"),
                Arguments.of("copy outside", "COPY (SELECT 1) TO '@OUT/x.csv'"),
                Arguments.of("export database", "EXPORT DATABASE '@OUT/export'"),
                Arguments.of("import database", "IMPORT DATABASE '@OUT/export'"),
                Arguments.of("attach", "ATTACH '@LAKE/curated/x.db' AS x"),
                Arguments.of("detach", "DETACH memory"),
                Arguments.of("use", "USE system"),
                Arguments.of("install", "INSTALL httpfs"),
                Arguments.of("load", "LOAD httpfs"),
                Arguments.of("set", "SET threads = 1"),
                Arguments.of("set external access", "SET enable_external_access = true"),
                Arguments.of("set allowed directories", "SET allowed_directories = ['/']"),
                Arguments.of("reset", "RESET memory_limit"),
                Arguments.of("pragma setting", "PRAGMA memory_limit = '10GB'"),
                Arguments.of("pragma threads", "PRAGMA threads = 1"),
                Arguments.of("set variable", "SET VARIABLE x = 1"),
                Arguments.of("create table", "CREATE TABLE t AS SELECT 1"),
                Arguments.of("create macro", "CREATE MACRO m(x) AS x + 1"),
                Arguments.of("create temp view shadowing a table", "CREATE TEMP VIEW staff AS SELECT 99 AS id"),
                Arguments.of("create secret", "CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')"),
                Arguments.of("insert", "INSERT INTO staff VALUES (1)"),
                Arguments.of("update", "UPDATE staff SET id = 0"),
                Arguments.of("delete", "DELETE FROM staff"),
                Arguments.of("drop view", "DROP VIEW staff"),
                Arguments.of("alter view", "ALTER VIEW staff RENAME TO gone"),
                Arguments.of("two statements", "SELECT 42; CREATE TABLE t AS SELECT 1"),
                Arguments.of("comment-smuggled second statement", "SELECT 42 -- just a comment\n; DROP VIEW staff"),
                Arguments.of("block-comment smuggled statement", "SELECT 42 /* ; */; DROP VIEW staff"),
                Arguments.of("call writing function", "CALL force_checkpoint()"),
                Arguments.of("checkpoint", "CHECKPOINT"),
                Arguments.of("checkpoint in select", "SELECT * FROM checkpoint()"),
                Arguments.of("force_checkpoint in select", "SELECT * FROM force_checkpoint()"),
                Arguments.of("sql inside query()", "SELECT * FROM query('CREATE TABLE t AS SELECT 1')"),
                Arguments.of("vacuum", "VACUUM"),
                Arguments.of("explain analyze", "EXPLAIN ANALYZE COPY (SELECT 1) TO '@OUT/y.csv'"),
                Arguments.of("prepare", "PREPARE p AS SELECT 1"),
                Arguments.of("begin", "BEGIN TRANSACTION"),
                Arguments.of("subquery breakout", "SELECT 1) TO '@LAKE/" + part + "' (FORMAT csv); --"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("escapes")
    void refusedAndNothingChanged(String name, String template) throws Exception {
        String sql = template.replace("@LAKE", lake.toString()).replace("@OUT", outside.toString());
        Map<String, String> lakeBefore = Lake.snapshot(lake);
        Map<String, String> outsideBefore = Lake.snapshot(outside);

        Answer a = Lake.sql(port, sql);
        Answer b = Lake.post(port, "/sql", "text/plain", null, sql);

        for (Answer r : new Answer[] {a, b}) {
            assertThat(r.status()).as(name + ": " + r.body()).isIn(403, 400);
            if (r.status() == 400) {
                // Only a parse error of the broken-out text is an acceptable 400: it never ran.
                assertThat(r.json().path("code").asString()).as(name).isEqualTo("sql_error");
            } else {
                assertThat(r.json().path("code").asString()).as(name).isEqualTo("read_only");
            }
            assertThat(r.body()).doesNotContain("root:x:0:0");
        }
        assertThat(Lake.snapshot(lake)).as(name + ": lake unchanged").isEqualTo(lakeBefore);
        assertThat(Lake.snapshot(outside)).as(name + ": outside unchanged").isEqualTo(outsideBefore);
        assertUnchanged();
    }

    @Test
    void readingInsideTheLakeStillWorks() throws Exception {
        Answer a = Lake.sql(port, "SELECT count(*) FROM read_parquet('" + lake + "/curated/staff/*/*.parquet')");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().path("rows").toString()).isEqualTo("[[5]]");
        assertThat(Lake.sql(port, "DESCRIBE staff").status()).isEqualTo(200);
        assertThat(Lake.sql(port, "SHOW TABLES").status()).isEqualTo(200);
        assertThat(Lake.sql(port, "SUMMARIZE staff").status()).isEqualTo(200);
        assertThat(Lake.sql(port, "FROM staff LIMIT 1").status()).isEqualTo(200);
        assertThat(Lake.sql(port, "WITH x AS (SELECT 1 AS a) SELECT * FROM x").status()).isEqualTo(200);
    }

    private void assertUnchanged() throws Exception {
        Answer s = Lake.sql(port, "SELECT current_setting('threads')::VARCHAR, current_setting('enable_external_access')::VARCHAR, "
                + "current_setting('lock_configuration')::VARCHAR, (SELECT count(*) FROM staff), "
                + "(SELECT count(*) FROM duckdb_tables()), (SELECT count(*) FROM duckdb_views() WHERE NOT internal), "
                + "(SELECT count(*) FROM duckdb_databases() WHERE NOT internal)");
        assertThat(s.status()).as(s.body()).isEqualTo(200);
        String threads = String.valueOf(Runtime.getRuntime().availableProcessors());
        assertThat(s.json().path("rows").toString()).isEqualTo("[[\"" + threads + "\",\"false\",\"true\",5,0,1,1]]");
    }
}
