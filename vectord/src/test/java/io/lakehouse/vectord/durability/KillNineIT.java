package io.lakehouse.vectord.durability;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.shared.testing.JarProcess;
import io.lakehouse.vectord.api.Http;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Starts the packaged jar as a child process, upserts (and overwrites and deletes) from several writers, kills it
 * with SIGKILL at a random moment, restarts it, and checks that every acknowledged write is there with its last
 * acknowledged vector and metadata. A few rounds, then a corrupt newest snapshot and a torn log tail.
 */
class KillNineIT {
    static final int WRITERS = 4;

    @TempDir
    Path lake;

    JarProcess vectord;
    Http http;

    /** What a writer last had acknowledged per id (value "deleted" for a delete), and what it had in flight. */
    final Map<String, String> acked = new ConcurrentHashMap<>();
    final Map<String, String> inFlight = new ConcurrentHashMap<>();

    @Test
    void everyAcknowledgedWriteSurvivesKillNine() throws Exception {
        Random rnd = new Random(11);
        vectord = JarProcess.of("vectord", lake, "--lakehouse.vectord.snapshot.every-records=400",
                "--lakehouse.vectord.snapshot.min-interval=300ms");
        http = new Http(vectord.base());
        start();
        assertThat(http.put("/v1/indexes/crash", "{\"dim\":4,\"metric\":\"l2\",\"m\":8,\"ef_construction\":40}").status())
                .isEqualTo(201);
        for (int round = 0; round < 3; round++) {
            writeAndKill(200, rnd, round);
            start();
            verify();
        }
        assertThat(acked).hasSizeGreaterThan(100);

        // A corrupt newest snapshot: the previous one plus the log it keeps still hold everything.
        vectord.kill9();
        List<Path> snaps = list("snap", ".snap");
        if (snaps.size() >= 1) {
            Path newest = snaps.getLast();
            byte[] b = Files.readAllBytes(newest);
            b[b.length / 2] ^= 0x33;
            Files.write(newest, b);
        }
        start();
        // With two snapshots the previous one plus its log is used; with one, the whole log is still kept.
        verify();

        // A torn last log record: start-up ignores it and the daemon is ready.
        writeAndKill(40, rnd, 9);
        List<Path> wal = list("log", ".wal");
        try (FileChannel ch = FileChannel.open(wal.getLast(), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 2);
        }
        start();
        assertThat(http.get("/v1/indexes/crash").status()).isEqualTo(200);

        // SIGTERM flushes: a snapshot covering the log exists afterwards.
        assertThat(vectord.stop()).isIn(0, 143);
    }

    @AfterEach
    void killLeftover() throws InterruptedException {
        if (vectord != null) {
            vectord.close();
        }
    }

    private List<Path> list(String sub, String suffix) throws Exception {
        Path d = lake.resolve("indexes/crash/" + sub);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted(Comparator.naturalOrder()).toList();
        }
    }

    /**
     * Writes from several writers until at least {@code acks} writes were acknowledged, then a random 0-1 s more,
     * then kills the daemon with SIGKILL mid-write. Counting acknowledgements rather than waiting a fixed time keeps
     * the test short on a quiet machine and meaningful on a loaded one.
     */
    private void writeAndKill(int acks, Random rnd, int round) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger acknowledged = new AtomicInteger();
        inFlight.clear();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int wid = w;
                fs.add(pool.submit(() -> {
                    Random r = new Random(round * 100L + wid);
                    int n = 0;
                    while (!stop.get()) {
                        String id = "w" + wid + "-" + (r.nextInt(4) == 0 && n > 0 ? r.nextInt(n) : n++);
                        boolean delete = r.nextInt(10) == 0 && acked.containsKey(id) && !acked.get(id).equals("deleted");
                        String value = delete ? "deleted" : "[" + r.nextInt(100) + "," + wid + "," + round + "," + n + "]";
                        String key = wid + "";
                        inFlight.put(key, id + "=" + value);
                        Http.Answer a;
                        try {
                            a = delete ? http.delete("/v1/indexes/crash/items/" + id)
                                    : http.post("/v1/indexes/crash/items", "{\"items\":[{\"id\":\"" + id + "\",\"vector\":"
                                            + value + ",\"metadata\":{\"v\":\"" + value + "\"}}]}");
                        } catch (RuntimeException e) {
                            return null; // the process is gone
                        }
                        if (a.status() == 200 || a.status() == 204) {
                            acked.put(id, value);
                            inFlight.remove(key);
                            acknowledged.incrementAndGet();
                        } else {
                            return null;
                        }
                    }
                    return null;
                }));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (acknowledged.get() < acks && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(acknowledged.get()).as("acknowledged writes in round %d", round).isGreaterThanOrEqualTo(acks);
            Thread.sleep(rnd.nextInt(1_000));
            // SIGKILL while the writers are writing
            vectord.kill9();
            stop.set(true);
        }
    }

    private void verify() {
        Map<String, String> maybe = new ConcurrentHashMap<>();
        inFlight.values().forEach(s -> {
            int eq = s.indexOf('=');
            maybe.put(s.substring(0, eq), s.substring(eq + 1));
        });
        int checked = 0;
        for (Map.Entry<String, String> e : acked.entrySet()) {
            String id = e.getKey();
            Http.Answer a = http.get("/v1/indexes/crash/items/" + id);
            String alt = maybe.get(id);
            String actual = a.status() == 404 ? "deleted" : a.body().get("metadata").get("v").asString();
            assertThat(actual).as("item %s", id).isIn(e.getValue(), alt == null ? e.getValue() : alt);
            if (a.status() == 200 && actual.equals(e.getValue())) {
                JsonNode v = a.body().get("vector");
                assertThat(v.toString().replace(".0", "")).isEqualTo(e.getValue());
            }
            if (alt != null && actual.equals(alt)) {
                acked.put(id, alt);
            }
            checked++;
        }
        assertThat(checked).isEqualTo(acked.size());
        // searchable too: a search by an item's own vector finds it
        acked.entrySet().stream().filter(e -> !e.getValue().equals("deleted")).limit(20).forEach(e -> {
            Http.Answer s = http.post("/v1/indexes/crash/search", "{\"vector\":" + e.getValue() + ",\"k\":3}");
            assertThat(s.raw()).contains("\"score\":0.0");
        });
    }

    private void start() throws Exception {
        vectord.start().awaitReady(Duration.ofSeconds(90));
    }
}
