package io.lakehouse.vectord.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.store.ObjectStore;
import io.lakehouse.vectord.TestSupport;
import io.lakehouse.vectord.durability.IndexLog;
import io.lakehouse.vectord.index.Filter;
import io.lakehouse.vectord.index.ItemRecord;
import io.lakehouse.vectord.index.Metric;
import io.lakehouse.vectord.index.SearchHit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many writers of distinct ids plus concurrent searches, on an empty index and on a larger one (grows on demand). */
class ConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void startsEmpty() throws Exception {
        run(0, 16, 200);
    }

    @Test
    void startsLarge() throws Exception {
        run(5_000, 16, 100);
    }

    private void run(int preload, int writers, int perWriter) throws Exception {
        ObjectStore store = TestSupport.store(dir);
        IndexRegistry r = TestSupport.registry(store, TestSupport.props(2_000, Duration.ofMillis(200)));
        r.create(TestSupport.settings("conc", 16, Metric.COSINE, 12, 60));
        OpenIndex o = r.find("conc").orElseThrow();
        List<float[]> data = TestSupport.clustered(preload + writers * perWriter, 16, 20, 42);
        for (int i = 0; i < preload; i += 500) {
            List<IndexLog.Mutation> batch = new ArrayList<>();
            for (int j = i; j < Math.min(preload, i + 500); j++) {
                batch.add(new IndexLog.Mutation("p" + j, data.get(j), null));
            }
            o.write(batch);
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong searches = new AtomicLong();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        // Searchers on platform threads: a virtual thread spinning on CPU is never preempted and would starve the
        // writers' virtual threads of carriers.
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
             ExecutorService searchPool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                fs.add(searchPool.submit(() -> {
                    go.await();
                    int q = 0;
                    while (!done.get()) {
                        try {
                            List<SearchHit> hits = o.index().search(data.get(q++ % data.size()), 10, 32, Filter.NONE, false);
                            assertThat(hits.size()).isLessThanOrEqualTo(10);
                            searches.incrementAndGet();
                        } catch (Throwable t) {
                            errors.add(t);
                            return null;
                        }
                    }
                    return null;
                }));
            }
            List<Future<?>> ws = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int base = preload + w * perWriter;
                int wid = w;
                ws.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perWriter; i++) {
                        TestSupport.upsert(o, "w" + wid + "-" + i, data.get(base + i), "{\"w\":" + wid + "}");
                    }
                    return null;
                }));
            }
            go.countDown();
            try {
                for (Future<?> f : ws) {
                    f.get();
                }
            } finally {
                done.set(true);
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
        assertThat(errors).isEmpty();
        assertThat(searches.get()).isPositive();
        int total = preload + writers * perWriter;
        assertThat(o.index().size()).isEqualTo(total);
        Set<String> seen = new HashSet<>();
        for (ItemRecord rec : o.index().copyItems()) {
            assertThat(seen.add(rec.id())).as("duplicate %s", rec.id()).isTrue();
        }
        // every written id is searchable: its own vector finds it among the nearest
        int missing = 0;
        for (int w = 0; w < writers; w++) {
            for (int i = 0; i < perWriter; i++) {
                String id = "w" + w + "-" + i;
                List<SearchHit> hits = o.index().search(data.get(preload + w * perWriter + i), 5, 64, Filter.NONE, false);
                if (hits.stream().noneMatch(h -> h.item().id().equals(id))) {
                    missing++;
                }
            }
        }
        assertThat(missing).as("ids not found by their own vector").isLessThanOrEqualTo(total / 200);
        r.stop();
        IndexRegistry again = TestSupport.registry(store, TestSupport.props(2_000, Duration.ofMillis(200)));
        assertThat(again.find("conc").orElseThrow().index().size()).isEqualTo(total);
        again.stop();
    }
}
