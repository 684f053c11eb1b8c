package io.lakehouse.pathwayd.durability;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.pathwayd.Http;
import io.lakehouse.pathwayd.Http.Answer;
import io.lakehouse.shared.testing.JarProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The packaged jar as a child process; writers ADD, UPDATE (If-Match), REVISE and RETIRE in a loop; SIGKILL at a
 * random moment; restart. Every acknowledged operation is there with exactly its acknowledged version and content;
 * the one operation each writer had in flight is either wholly there or wholly absent (a REVISE touches two
 * memories: both or neither); lineage links agree in both directions and histories have no gaps.
 */
class KillNineIT {
    static final int WRITERS = 4;

    @TempDir
    Path dir;

    JarProcess pathwayd;
    Http http;

    /** What a writer had acknowledged per memory: "version|state|content". */
    final Map<String, String> acked = new ConcurrentHashMap<>();
    /** Per writer, the operation in flight: memory id -> the value it would have if applied (two for a REVISE). */
    final Map<Integer, Map<String, String>> inFlight = new ConcurrentHashMap<>();

    @Test
    void everyAcknowledgedOperationSurvivesKillNine() throws Exception {
        Random rnd = new Random(7);
        try (JarProcess p = JarProcess.of("pathwayd", dir.resolve("lake"), "--lakehouse.pathwayd.index.enabled=false",
                "--lakehouse.pathwayd.snapshot.every-operations=150", "--lakehouse.pathwayd.export.interval=300ms")) {
            pathwayd = p;
            http = new Http(p.base());
            start();
            for (int round = 0; round < 2; round++) {
                writeThenKill(Duration.ofMillis(1_500 + rnd.nextInt(2_000)), round);
                start();
                verify();
            }
            assertThat(acked).hasSizeGreaterThan(20);
            assertThat(p.stop()).isIn(0, 143);
        }
    }

    private void writeThenKill(Duration d, int round) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        inFlight.clear();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int wid = w;
                fs.add(pool.submit(() -> {
                    Random r = new Random(round * 100L + wid);
                    List<String> mine = new ArrayList<>(acked.keySet().stream()
                            .filter(id -> acked.get(id).contains("|active|w" + wid + "-")).toList());
                    int n = 0;
                    while (!stop.get()) {
                        try {
                            if (!step(wid, r, mine, round + "." + n++)) {
                                return null;
                            }
                        } catch (RuntimeException gone) {
                            return null; // the process was killed mid-request
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(d.toMillis());
            pathwayd.kill9();
            stop.set(true);
        }
    }

    /** One operation; false when the daemon stopped answering. */
    private boolean step(int wid, Random r, List<String> mine, String tag) {
        String content = "w" + wid + "-" + tag;
        int p = r.nextInt(100);
        if (mine.isEmpty() || p < 30) {
            inFlight.put(wid, Map.of());
            Answer a = http.post("/v1/memories", "{\"content\":\"" + content + "\",\"scope\":{\"agent_id\":\"w" + wid + "\"}}");
            if (a.status() != 201) {
                return false;
            }
            acked.put(a.id(), "1|active|" + content);
            mine.add(a.id());
            return true;
        }
        String id = mine.get(r.nextInt(mine.size()));
        String[] cur = acked.get(id).split("\\|", 3);
        long v = Long.parseLong(cur[0]);
        if (p < 70) {
            inFlight.put(wid, Map.of(id, (v + 1) + "|active|" + content));
            Answer a = http.patch("/v1/memories/" + id, "{\"content\":\"" + content + "\"}", "If-Match", String.valueOf(v));
            if (a.status() != 200) {
                return false;
            }
            acked.put(id, (v + 1) + "|active|" + content);
        } else if (p < 85) {
            inFlight.put(wid, Map.of(id, (v + 1) + "|superseded|" + cur[2]));
            Answer a = http.post("/v1/memories/" + id + "/revise", "{\"content\":\"" + content + "\"}");
            if (a.status() != 201) {
                return false;
            }
            String succ = a.body().get("successor").get("id").asString();
            acked.put(id, (v + 1) + "|superseded|" + cur[2]);
            acked.put(succ, "1|active|" + content);
            mine.remove(id);
            mine.add(succ);
        } else {
            inFlight.put(wid, Map.of(id, (v + 1) + "|retired|" + cur[2]));
            Answer a = http.post("/v1/memories/" + id + "/retire", "{\"reason\":\"" + tag + "\"}");
            if (a.status() != 200) {
                return false;
            }
            acked.put(id, (v + 1) + "|retired|" + cur[2]);
            mine.remove(id);
        }
        inFlight.remove(wid);
        return true;
    }

    private void verify() {
        Map<String, String> maybe = new ConcurrentHashMap<>();
        inFlight.values().forEach(maybe::putAll);
        for (Map.Entry<String, String> e : acked.entrySet()) {
            Answer a = http.get("/v1/memories/" + e.getKey());
            assertThat(a.status()).as("acknowledged memory %s", e.getKey()).isEqualTo(200);
            JsonNode m = a.body();
            String actual = m.get("version").asLong() + "|" + m.get("state").asString() + "|" + m.get("content").asString();
            String alt = maybe.get(e.getKey());
            assertThat(actual).as("memory %s", e.getKey()).isIn(e.getValue(), alt == null ? e.getValue() : alt);
            if (alt != null && actual.equals(alt)) {
                acked.put(e.getKey(), alt); // the in-flight operation made it: it is the new truth
            }
            // links agree both ways; history has every version
            if (m.get("state").asString().equals("superseded")) {
                JsonNode succ = http.get("/v1/memories/" + m.get("superseded_by").asString()).body();
                assertThat(succ.get("supersedes").toString()).contains(e.getKey());
                acked.putIfAbsent(succ.get("id").asString(), succ.get("version").asLong() + "|" + succ.get("state").asString()
                        + "|" + succ.get("content").asString());
            }
            List<Long> versions = new ArrayList<>();
            http.get("/v1/memories/" + e.getKey() + "/history").body().forEach(h -> {
                if (h.get("memory_id").asString().equals(e.getKey())) {
                    versions.add(h.get("version").asLong());
                }
            });
            assertThat(versions).as("history of %s", e.getKey())
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, m.get("version").asLong()).boxed().toList());
        }
    }

    private void start() throws InterruptedException {
        pathwayd.start().awaitReady(Duration.ofSeconds(90));
    }
}
