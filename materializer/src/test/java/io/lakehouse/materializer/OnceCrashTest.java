package io.lakehouse.materializer;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.materializer.staffing.StaffingGeneratorTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one-shot command as a child process: killed with SIGKILL at three points of a run (while staging, after
 * staging, before the done-marker), then run to the end; the lake must hold exactly what one clean run writes.
 */
class OnceCrashTest {
    static final int PER_OBJECT = 40_000;
    static final String DAY = "2026-11-28";

    @TempDir
    Path tmp;

    record Outcome(int exit, String stdout, String stderr) {
    }

    List<String> command(Path lake, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // C1 only and Serial GC: these short children spend most of their life starting up.
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                MaterializerApplication.class.getName(), "--once"));
        cmd.addAll(List.of(args));
        cmd.add("--lakehouse.storage.uri=" + lake.toUri());
        cmd.add("--lakehouse.materializer.work-dir=" + tmp.resolve("work"));
        cmd.add("--lakehouse.peers.queryd=http://127.0.0.1:9");
        // A killed run's lease blocks the next run until it expires: keep that short here.
        cmd.add("--lakehouse.materializer.lease-ttl=2s");
        return cmd;
    }

    /** Runs to the end. */
    Outcome run(Path lake, String... args) throws Exception {
        Process p = new ProcessBuilder(command(lake, args)).start();
        var err = new StringBuilder();
        Thread drain = Thread.ofVirtual().start(() -> {
            try {
                err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        drain.join();
        return new Outcome(p.exitValue(), out, err.toString());
    }

    /** Runs until the process reports the pause point, then kills it with SIGKILL. */
    void killAt(Path lake, String point) throws Exception {
        Process p = new ProcessBuilder(command(lake, "--dataset", "candidate", "--lakehouse.materializer.pause-at=" + point))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CountDownLatch paused = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.equals("materializer paused at " + point)) {
                        paused.countDown();
                    }
                }
            } catch (IOException ignored) {
                // killed
            }
            paused.countDown(); // ended without pausing: the assertion below reports it
        });
        try {
            assertThat(paused.await(180, TimeUnit.SECONDS)).isTrue();
            assertThat(p.isAlive()).as("paused at " + point + " (exit " + (p.isAlive() ? "" : p.exitValue()) + ")")
                    .isTrue();
        } finally {
            p.destroyForcibly(); // SIGKILL on Unix: no shutdown hook, no finally block runs
            p.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(p.exitValue()).isEqualTo(137);
    }

    void seed(Path lake, List<String> lines) throws IOException {
        for (int i = 0; i < 3; i++) {
            Path raw = lake.resolve("raw/candidate/dt=" + DAY + "/obj" + i + ".ndjson");
            Files.createDirectories(raw.getParent());
            Files.write(raw, lines.subList(i * PER_OBJECT, (i + 1) * PER_OBJECT));
        }
    }

    @Test
    void killedAtEveryStageAndRerunGivesTheFilesAndRowsOfOneCleanRun() throws Exception {
        StaffingGeneratorTest.generate(tmp.resolve("gen"), "--candidates", String.valueOf(3 * PER_OBJECT), "--seed",
                "11", "--invalid-rate", "0.001", "--datasets", "candidate", "--days", "30");
        List<String> lines = Files.readAllLines(tmp.resolve("gen/candidate.ndjson"));
        Path crashed = tmp.resolve("crashed");
        Path clean = tmp.resolve("clean");
        seed(crashed, lines);
        seed(clean, lines);

        // obj0 staged and copied into curated/, no done-marker yet.
        killAt(crashed, "committing");
        // obj0 committed from its manifest; obj1 staged completely.
        killAt(crashed, "staged");
        // obj1 committed; obj2 half-uploaded to staging.
        killAt(crashed, "writing");
        assertThat(Files.exists(crashed.resolve("_system/materializer/done/candidate/dt=" + DAY + "/obj1.json"))).isTrue();
        assertThat(Files.exists(crashed.resolve("_system/materializer/done/candidate/dt=" + DAY + "/obj2.json"))).isFalse();

        Outcome strict = run(crashed, "--dataset", "candidate");
        JsonNode record = JsonMapper.builder().build().readTree(strict.stdout());
        assertThat(record.get("status").asString()).isEqualTo("succeeded");
        JsonNode ds = record.get("datasets").get(0);
        assertThat(ds.get("objects").asLong()).isEqualTo(1);
        assertThat(ds.get("records").asLong()).isEqualTo(PER_OBJECT);
        assertThat(strict.exit()).as("strict with invalid records in obj2").isEqualTo(ds.get("invalid").asLong() > 0 ? 1 : 0);
        assertThat(strict.stderr()).contains("candidate: 1 objects");

        Outcome reference = run(clean, "--dataset", "candidate", "--lenient");
        assertThat(reference.exit()).as("lenient").isZero();
        JsonNode cleanStats = JsonMapper.builder().build().readTree(reference.stdout()).get("datasets").get(0);
        long valid = cleanStats.get("valid").asLong();
        assertThat(valid + cleanStats.get("invalid").asLong()).isEqualTo(3L * PER_OBJECT);
        assertThat(cleanStats.get("invalid").asLong()).isPositive();

        assertThat(files(crashed, "curated")).isEqualTo(files(clean, "curated")).allMatch(f -> f.endsWith(".parquet"));
        assertThat(files(crashed, "quarantine")).isEqualTo(files(clean, "quarantine"));
        assertThat(files(crashed, "_system/materializer/staging")).isEmpty();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (Path lake : List.of(crashed, clean)) {
                try (ResultSet r = s.executeQuery("SELECT count(*), count(DISTINCT candidate_id) FROM read_parquet('"
                        + lake.resolve("curated/candidate") + "/*/*.parquet')")) {
                    r.next();
                    assertThat(r.getLong(1)).as("rows in " + lake).isEqualTo(valid);
                    assertThat(r.getLong(2)).as("distinct ids in " + lake).isEqualTo(valid);
                }
            }
        }

        // Usage errors: 2.
        assertThat(run(crashed, "--bogus").exit()).isEqualTo(2);
        assertThat(run(crashed, "--dataset", "No-Such").exit()).isEqualTo(2);
    }

    static List<String> files(Path lake, String prefix) throws IOException {
        Path dir = lake.resolve(prefix);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> lake.relativize(p).toString()).sorted().toList();
        }
    }
}
