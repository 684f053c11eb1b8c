package io.lakehouse.observerd;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.shared.testing.JarProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts the packaged jar, ingests from several writers (one run per batch, so a run is all-or-nothing), kills it
 * with SIGKILL mid-ingestion, restarts it and checks every acknowledged observation is there exactly once, in the run
 * index and in the lake export. Snapshots and compaction run during the test (small thresholds), so recovery goes
 * through a snapshot plus a journal tail.
 */
class KillNineIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int WRITERS = 4;
    static final int SIZE = 25;
    /** A deadline, not a wait: a jar is ready in seconds on a quiet machine, minutes when builds share the cores. */
    static final Duration READY = Duration.ofSeconds(240);

    @TempDir
    Path dir;

    final Set<String> acked = ConcurrentHashMap.newKeySet();
    final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void everyAcknowledgedObservationSurvivesKillNineExactlyOnce() throws Exception {
        Path lake = Files.createDirectories(dir.resolve("lake"));
        List<String> args = List.of("--lakehouse.observerd.snapshot.every-entries=40",
                "--lakehouse.observerd.snapshot.min-interval=200ms", "--lakehouse.observerd.export.interval=200ms");
        JarProcess p = JarProcess.of("observerd", lake, args).start().awaitReady(READY);
        try {
            // One round: each start of the jar costs seconds on 2 cores, and the test budget is shared.
            ingestThenKill(p, Duration.ofMillis(3_000), 0);
            p.start().awaitReady(READY);
            verifyRuns(p);
            assertThat(acked).hasSizeGreaterThan(20);
            verifyExport(lake);
            assertThat(p.stop()).isIn(0, 143);
        } finally {
            p.close();
        }
    }

    private void ingestThenKill(JarProcess p, Duration d, int round) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        inFlight.clear();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int wid = w;
                fs.add(pool.submit(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        String run = "crash-" + round + "-" + wid + "-" + n;
                        inFlight.add(run);
                        HttpResponse<String> r;
                        try {
                            r = http.send(HttpRequest.newBuilder(p.uri("/v1/observations"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(Obs.array(Obs.run(run, SIZE, t))))
                                    .build(), HttpResponse.BodyHandlers.ofString());
                        } catch (java.io.IOException gone) {
                            return null; // killed
                        }
                        if (r.statusCode() == 202) {
                            acked.add(run);
                            inFlight.remove(run);
                        } else if (r.statusCode() != 429) {
                            throw new AssertionError("unexpected " + r.statusCode() + " " + r.body());
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(d.toMillis());
            p.kill9();
            stop.set(true);
            for (Future<?> f : fs) {
                f.get();
            }
        }
    }

    private void verifyRuns(JarProcess p) throws Exception {
        for (String run : acked) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(p.uri("/v1/runs/" + run)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("acknowledged run %s", run).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).get("totals").get("observations").asInt()).isEqualTo(SIZE);
        }
        for (String run : inFlight) {
            // Not acknowledged: either all of it is there or none of it.
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(p.uri("/v1/runs/" + run)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                assertThat(JSON.readTree(r.body()).get("totals").get("observations").asInt()).isEqualTo(SIZE);
                acked.add(run);
            } else {
                assertThat(r.statusCode()).isEqualTo(404);
            }
        }
    }

    /** The exporter catches up after the restart: every kept observation is in raw/observation exactly once. */
    private void verifyExport(Path lake) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Integer> perObservation;
        do {
            perObservation = new HashMap<>();
            Path raw = lake.resolve("raw/observation");
            if (Files.isDirectory(raw)) {
                try (Stream<Path> files = Files.walk(raw)) {
                    for (Path f : files.filter(x -> x.toString().endsWith(".ndjson")).toList()) {
                        for (String line : Files.readAllLines(f)) {
                            JsonNode o = JSON.readTree(line);
                            perObservation.merge(o.get("observation_id").asString(), 1, Integer::sum);
                        }
                    }
                }
            }
            if (perObservation.size() >= acked.size() * SIZE) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        for (String run : acked) {
            for (int i = 0; i < SIZE; i++) {
                assertThat(perObservation.get(run + "-" + i)).as("exports of %s-%d", run, i).isEqualTo(1);
            }
        }
        assertThat(perObservation.values()).allMatch(n -> n == 1);
    }
}
