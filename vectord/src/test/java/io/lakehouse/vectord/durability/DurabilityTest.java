package io.lakehouse.vectord.durability;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.store.ObjectStore;
import io.lakehouse.vectord.TestSupport;
import io.lakehouse.vectord.VectordProperties;
import io.lakehouse.vectord.index.ItemRecord;
import io.lakehouse.vectord.index.Metric;
import io.lakehouse.vectord.registry.IndexRegistry;
import io.lakehouse.vectord.registry.OpenIndex;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery from the store: log replay, torn tail, corrupt newest snapshot, and snapshot coalescing. */
class DurabilityTest {
    @TempDir
    Path dir;

    private static float[] vec(int i) {
        return TestSupport.unit(new float[] {1 + i % 7, i % 13, 1 + i % 5, i});
    }

    @Test
    void logReplayRestoresEveryAcknowledgedWrite() throws Exception {
        ObjectStore store = TestSupport.store(dir);
        VectordProperties props = TestSupport.props(1_000_000, Duration.ofHours(1));
        IndexRegistry r1 = TestSupport.registry(store, props);
        r1.create(TestSupport.settings("replay", 4, Metric.COSINE, 8, 50));
        OpenIndex o = r1.find("replay").orElseThrow();
        for (int i = 0; i < 60; i++) {
            TestSupport.upsert(o, "id" + i, vec(i), "{\"n\":" + i + "}");
        }
        TestSupport.upsert(o, "id7", vec(99), "{\"n\":\"last\"}");
        o.write(List.of(IndexLog.Mutation.delete("id8")));
        // no snapshot: a crash leaves only the log (simulated by not stopping r1)
        IndexRegistry r2 = TestSupport.registry(store, props);
        OpenIndex o2 = r2.find("replay").orElseThrow();
        assertThat(o2.index().size()).isEqualTo(59);
        assertThat(o2.index().get("id7").orElseThrow().metadata().get("n").asString()).isEqualTo("last");
        assertThat(o2.index().get("id7").orElseThrow().vector()).containsExactly(vec(99));
        assertThat(o2.index().get("id8")).isEmpty();
        var hits = o2.index().search(vec(99), 1, 64, io.lakehouse.vectord.index.Filter.NONE, false);
        assertThat(hits.getFirst().distance()).isLessThan(1e-5f);
        // new writes after recovery do not reuse sequence numbers
        TestSupport.upsert(o2, "after", vec(3), null);
        IndexRegistry r3 = TestSupport.registry(store, props);
        assertThat(r3.find("replay").orElseThrow().index().size()).isEqualTo(60);
        r1.stop();
        r2.stop();
        r3.stop();
    }

    @Test
    void tornLogTailIsIgnored() throws Exception {
        ObjectStore store = TestSupport.store(dir);
        VectordProperties props = TestSupport.props(1_000_000, Duration.ofHours(1));
        IndexRegistry r1 = TestSupport.registry(store, props);
        r1.create(TestSupport.settings("torn", 4, Metric.L2, 8, 50));
        OpenIndex o = r1.find("torn").orElseThrow();
        for (int i = 0; i < 20; i++) {
            TestSupport.upsert(o, "id" + i, vec(i), null);
        }
        Path last;
        try (Stream<Path> s = Files.walk(dir.resolve("indexes/torn/log"))) {
            last = s.filter(p -> p.toString().endsWith(".wal")).max(Comparator.naturalOrder()).orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 3);
        }
        IndexRegistry r2 = TestSupport.registry(store, props);
        OpenIndex o2 = r2.find("torn").orElseThrow();
        assertThat(o2.index().size()).isEqualTo(19);
        assertThat(o2.index().get("id19")).isEmpty();
        // and the index keeps working
        TestSupport.upsert(o2, "id19", vec(19), null);
        assertThat(TestSupport.registry(store, props).find("torn").orElseThrow().index().size()).isEqualTo(20);
        r1.stop();
        r2.stop();
    }

    @Test
    void corruptNewestSnapshotFallsBackToThePreviousOne() throws Exception {
        ObjectStore store = TestSupport.store(dir);
        VectordProperties props = TestSupport.props(1_000_000, Duration.ZERO);
        IndexRegistry r1 = TestSupport.registry(store, props);
        r1.create(TestSupport.settings("snaps", 4, Metric.DOT, 8, 50));
        OpenIndex o = r1.find("snaps").orElseThrow();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 50; i++) {
                TestSupport.upsert(o, "r" + round + "-" + i, vec(i + round * 50), "{\"round\":" + round + "}");
            }
            o.snapshotter().saveNow(Duration.ofSeconds(30));
        }
        for (int i = 0; i < 10; i++) {
            TestSupport.upsert(o, "tail-" + i, vec(i), null);
        }
        List<Path> snaps;
        try (Stream<Path> s = Files.walk(dir.resolve("indexes/snaps/snap"))) {
            snaps = s.filter(p -> p.toString().endsWith(".snap")).sorted().toList();
        }
        assertThat(snaps).hasSize(2);
        Path newest = snaps.getLast();
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(newest, bytes);

        IndexRegistry r2 = TestSupport.registry(store, props);
        OpenIndex o2 = r2.find("snaps").orElseThrow();
        assertThat(o2.index().size()).isEqualTo(160);
        assertThat(o2.index().get("r2-49")).isPresent();
        assertThat(o2.index().get("tail-9")).isPresent();
        r2.stop();
    }

    @Test
    void burstOfSingleUpsertsCausesFewSnapshotsAndTheLastHasEverything() throws Exception {
        ObjectStore store = TestSupport.store(dir);
        Duration minInterval = Duration.ofMillis(500);
        VectordProperties props = TestSupport.props(100, minInterval);
        IndexRegistry r1 = TestSupport.registry(store, props);
        r1.create(TestSupport.settings("burst", 4, Metric.COSINE, 8, 40));
        OpenIndex o = r1.find("burst").orElseThrow();
        long start = System.nanoTime();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                int n = i;
                fs.add(pool.submit(() -> {
                    TestSupport.upsert(o, "b" + n, vec(n), null);
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        r1.stop();
        long saves = o.snapshotter().saves();
        // 10,000 writes at a trigger of 100 records would be 100 saves without coalescing.
        long bound = (long) Math.ceil(seconds / (minInterval.toMillis() / 1000.0)) + 2;
        assertThat(saves).as("saves in %.1f s", seconds).isBetween(1L, Math.min(bound, 40));

        IndexStorage storage = new IndexStorage(store, "burst", TestSupport.JSON);
        IndexStorage.Snapshot snap = storage.loadNewestValidSnapshot().orElseThrow();
        assertThat(snap.items()).hasSize(10_000);
        assertThat(snap.items().stream().map(ItemRecord::id).distinct().count()).isEqualTo(10_000);
        assertThat(storage.segments()).allSatisfy(s -> assertThat(IndexStorage.seqOf(s.key())).isGreaterThan(0));
    }
}
