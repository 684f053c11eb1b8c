package io.lakehouse.materializer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouse.materializer.MaterializerError;
import io.lakehouse.shared.web.ApiException;
import io.lakehouse.store.ObjectKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MaterializerTest {
    @TempDir
    Path tmp;
    TestLake lake;

    @BeforeEach
    void open() {
        lake = new TestLake(tmp);
    }

    @AfterEach
    void close() {
        lake.close();
    }

    static String candidate(String id, String createdAt) {
        return "{\"candidate_id\":\"" + id + "\",\"first_name\":\"Ada\",\"last_name\":\"Lovelace\","
                + "\"email\":\"ada@example.com\",\"status\":\"active\",\"skills\":[\"java\",\"sql\"],"
                + "\"address\":{\"city\":\"Boston\",\"state\":\"MA\"},\"years_experience\":7,\"desired_rate\":55.5,"
                + "\"available_from\":null,\"created_at\":\"" + createdAt + "\"}\n";
    }

    static String uuid(int i) {
        return new UUID(0x1234_5678_9abc_4defL, 0x8000_0000_0000_0000L | i).toString();
    }

    @Test
    void partitionsByTheUtcDayOfTheContractsDateTime() throws Exception {
        lake.putRaw("candidate", "2026-11-20", "b1",
                candidate(uuid(1), "2026-11-24T23:30:00-05:00")       // 04:30Z next day
                        + candidate(uuid(2), "2026-11-24T23:30:00Z")
                        + candidate(uuid(3), "2026-11-25T01:00:00+05:30") // 19:30Z the day before
                        + candidate(uuid(4), "2026-11-25T00:00:00.250+00:00"));

        RunRecord run = lake.materializer.run("candidate", "test", true);

        assertThat(run.status()).isEqualTo("succeeded");
        RunRecord.DatasetStats s = run.datasets().getFirst();
        assertThat(s.records()).isEqualTo(4);
        assertThat(s.valid()).isEqualTo(4);
        assertThat(s.partitions()).isEqualTo(2);
        assertThat(lake.files("curated/candidate")).containsExactly(
                "curated/candidate/dt=2026-11-24/part-b1-0.parquet",
                "curated/candidate/dt=2026-11-25/part-b1-0.parquet");
        List<List<Object>> rows = TestLake.query("SELECT candidate_id, dt FROM " + lake.curatedGlob("candidate")
                + " ORDER BY candidate_id");
        assertThat(rows).extracting(r -> r.get(0).toString() + " " + r.get(1)).containsExactly(
                uuid(1) + " 2026-11-25", uuid(2) + " 2026-11-24", uuid(3) + " 2026-11-24", uuid(4) + " 2026-11-25");
        assertThat(lake.refreshed).containsExactly("candidate");
    }

    @Test
    void datePartitionsAndContractTypesGiveOneSchemaForEveryFile() throws Exception {
        String ts = "{\"timesheet_id\":\"%s\",\"placement_id\":\"%s\",\"week_ending\":\"%s\",\"hours_regular\":%s,"
                + "\"status\":\"approved\",\"shifts\":[{\"date\":\"2026-01-05\",\"start\":\"08:00\",\"end\":\"16:00\"}],"
                + "\"submitted_at\":null}\n";
        lake.putRaw("timesheet", "2026-11-20", "t1", ts.formatted(uuid(1), uuid(9), "2026-01-11", "40")
                + ts.formatted(uuid(2), uuid(9), "2026-01-18", "12.5"));
        lake.putRaw("timesheet", "2026-11-21", "t2", ts.formatted(uuid(3), uuid(9), "2026-01-18", "8"));

        RunRecord run = lake.materializer.run("timesheet", "test", true);

        assertThat(run.datasets().getFirst().objects()).isEqualTo(2);
        assertThat(lake.files("curated/timesheet")).containsExactly(
                "curated/timesheet/dt=2026-01-11/part-t1-0.parquet",
                "curated/timesheet/dt=2026-01-18/part-t1-0.parquet",
                "curated/timesheet/dt=2026-01-18/part-t2-0.parquet");
        List<List<Object>> types = TestLake.query("SELECT DISTINCT column_name || ' ' || column_type FROM "
                + "(DESCRIBE SELECT * FROM read_parquet('" + lake.lakePath().resolve("curated/timesheet")
                + "/*/*.parquet', union_by_name=false)) ORDER BY 1");
        assertThat(types).extracting(r -> r.get(0).toString()).contains("hours_regular DOUBLE",
                "week_ending DATE", "submitted_at TIMESTAMP WITH TIME ZONE", "approved_by VARCHAR",
                "shifts STRUCT(date DATE, \"start\" VARCHAR, \"end\" VARCHAR, break_minutes BIGINT)[]");
        // Every file has exactly the same schema.
        List<List<Object>> schemas = TestLake.query("SELECT count(DISTINCT s) FROM (SELECT file_name, "
                + "string_agg(name || ':' || type, ',' ORDER BY name) AS s FROM parquet_schema('"
                + lake.lakePath().resolve("curated/timesheet") + "/*/*.parquet') GROUP BY file_name)");
        assertThat(((Number) schemas.getFirst().getFirst()).longValue()).isEqualTo(1);
    }

    @Test
    void withoutPartitionByTheIngestDayIsUsed() throws Exception {
        String schema = "{\"type\":\"object\",\"required\":[\"id\"],\"properties\":{\"id\":{\"type\":\"integer\"},"
                + "\"tags\":{\"type\":\"object\"}}}";
        lake.contracts.put("event_log", schema.getBytes(StandardCharsets.UTF_8));
        lake.putRaw("event_log", "2026-03-04", "e1", "{\"id\":1,\"tags\":{\"a\":[1,2]}}\n{\"id\":2}\n");

        lake.materializer.run("event_log", "test", true);

        assertThat(lake.files("curated/event_log")).containsExactly("curated/event_log/dt=2026-03-04/part-e1-0.parquet");
        assertThat(TestLake.query("SELECT CAST(tags AS VARCHAR) FROM " + lake.curatedGlob("event_log")
                + " WHERE id = 1").getFirst().getFirst()).isEqualTo("{\"a\":[1,2]}");
    }

    @Test
    void invalidRecordsGoToQuarantineWithTheirErrors() throws Exception {
        lake.putRaw("candidate", "2026-11-20", "q1", candidate(uuid(1), "2026-11-24T10:00:00Z")
                + candidate("not-a-uuid", "2026-11-24T10:00:00Z")
                + "{not json\n"
                + candidate(uuid(4), "2026-11-24T10:00:00Z").replace("\"status\":\"active\",", ""));

        RunRecord run = lake.materializer.run("candidate", "test", true);

        RunRecord.DatasetStats s = run.datasets().getFirst();
        assertThat(s.records()).isEqualTo(4);
        assertThat(s.valid()).isEqualTo(1);
        assertThat(s.invalid()).isEqualTo(3);
        assertThat(run.invalid()).isEqualTo(3);
        byte[] q = lake.store.getBytes(ObjectKey.of("quarantine/candidate/dt=2026-11-20/q1.ndjson")).orElseThrow();
        List<JsonNode> lines = new String(q, StandardCharsets.UTF_8).lines()
                .map(l -> JsonMapper.builder().build().readTree(l)).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).get("line").asInt()).isEqualTo(2);
        assertThat(lines.get(0).get("object").asString()).isEqualTo("raw/candidate/dt=2026-11-20/q1.ndjson");
        assertThat(lines.get(0).get("errors").toString())
                .isEqualTo("[{\"Schema\":{\"field\":\"candidate_id\",\"reason\":\"must be a valid UUID\"}}]");
        assertThat(lines.get(0).get("record").get("candidate_id").asString()).isEqualTo("not-a-uuid");
        assertThat(lines.get(1).get("errors").get(0).has("Malformed")).isTrue();
        assertThat(lines.get(1).get("record_text").asString()).isEqualTo("{not json");
        assertThat(lines.get(2).get("errors").toString()).isEqualTo("[{\"Missing\":{\"field\":\"status\"}}]");
        assertThat(TestLake.query("SELECT count(*) FROM " + lake.curatedGlob("candidate")).getFirst().getFirst())
                .isEqualTo(1L);
    }

    @Test
    void aSecondRunFindsNothingAndARerunOfAnObjectWritesTheSameFiles() throws Exception {
        lake.putRaw("candidate", "2026-11-20", "r1", candidate(uuid(1), "2026-11-24T10:00:00Z")
                + candidate(uuid(2), "2026-10-01T10:00:00Z"));
        lake.materializer.run("candidate", "test", true);
        List<String> first = lake.files("curated");

        RunRecord again = lake.materializer.run("candidate", "test", true);
        assertThat(again.datasets().getFirst().objects()).isZero();

        // Forget the done-marker: the object is materialized again into the very same keys, no duplicates.
        lake.store.delete(ObjectKey.of("_system/materializer/done/candidate/dt=2026-11-20/r1.json"));
        RunRecord redo = lake.materializer.run("candidate", "test", true);
        assertThat(redo.datasets().getFirst().objects()).isEqualTo(1);
        assertThat(lake.files("curated")).isEqualTo(first);
        assertThat(lake.files("_system/materializer/staging")).isEmpty();
        // Staging left behind by a crash after the done-marker is removed by the next run.
        lake.store.put(ObjectKey.of("_system/materializer/staging/candidate/r1/manifest.json"), new byte[] {'{', '}'});
        lake.materializer.run("candidate", "test", true);
        assertThat(lake.files("_system/materializer/staging")).isEmpty();
        assertThat(TestLake.query("SELECT count(*), count(DISTINCT candidate_id) FROM "
                + lake.curatedGlob("candidate")).getFirst()).containsExactly(2L, 2L);
        assertThat(lake.materializer.runs().newest(10)).hasSize(4);
        assertThat(lake.materializer.runs().get(redo.runId())).contains(redo);
    }

    @Test
    void aLiveLeaseElsewhereMeans409ForTheDatasetAndSkippedInARunOfAll() throws Exception {
        lake.putRaw("candidate", "2026-11-20", "l1", candidate(uuid(1), "2026-11-24T10:00:00Z"));
        lake.store.put(ObjectKey.of("_system/materializer/lease/candidate/000000000007.lease"),
                ("{\"generation\":7,\"holder\":\"materializer\",\"host\":\"replica-2\",\"pid\":4242,"
                        + "\"acquired_at\":\"2026-11-29T00:00:00Z\",\"renewed_at\":\"2026-11-29T00:00:00Z\","
                        + "\"expires_at\":\"" + Instant.now().plusSeconds(60) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> lake.materializer.run("candidate", "test", true))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.error()).isEqualTo(MaterializerError.RUN_IN_PROGRESS));
        RunRecord all = lake.materializer.run(null, "test", true);
        assertThat(all.datasets()).filteredOn(d -> d.dataset().equals("candidate"))
                .extracting(RunRecord.DatasetStats::status).containsExactly("skipped");

        // An expired lease is taken over.
        lake.store.put(ObjectKey.of("_system/materializer/lease/candidate/000000000007.lease"),
                ("{\"generation\":7,\"holder\":\"materializer\",\"host\":\"replica-2\",\"pid\":4242,"
                        + "\"acquired_at\":\"2026-11-29T00:00:00Z\",\"renewed_at\":\"2026-11-29T00:00:00Z\","
                        + "\"expires_at\":\"" + Instant.now().minusSeconds(1) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(lake.materializer.run("candidate", "test", true).datasets().getFirst().objects()).isEqualTo(1);
    }

    @Test
    void unknownDatasetIsA404() {
        assertThatThrownBy(() -> lake.materializer.run("nope", "test", true))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.error()).isEqualTo(MaterializerError.UNKNOWN_DATASET));
    }
}
