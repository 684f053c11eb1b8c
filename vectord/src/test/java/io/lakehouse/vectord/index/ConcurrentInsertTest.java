package io.lakehouse.vectord.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Concurrent writers of nearby vectors (each writer's next vector is close to the others' current one), with
 * replacements and deletes, from capacity 16: every live item is then found by its own vector. This caught inserts
 * that linked a node to nothing because its nearest candidates were still being inserted by other threads, and
 * descents that stopped on a node whose lower lists were not built yet.
 */
class ConcurrentInsertTest {
    static final int WRITERS = 4;
    static final int WRITES = 300;

    @Test
    void everyLiveItemIsFoundByItsOwnVector() throws Exception {
        for (int round = 0; round < 5; round++) {
            VectorIndex index = new VectorIndex(new IndexSettings("c", 4, Metric.L2, 16, 200, 64, null), 16);
            AtomicLong version = new AtomicLong();
            AtomicReference<Throwable> error = new AtomicReference<>();
            Object applyLock = new Object(); // the log applies in order; here: one writer at a time
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                long seed = round * 100L + w;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        Random r = new Random(seed);
                        int n = 0;
                        for (int k = 0; k < WRITES; k++) {
                            String id = "w" + writer + "-" + (r.nextInt(4) == 0 && n > 0 ? r.nextInt(n) : n++);
                            boolean delete = r.nextInt(10) == 0;
                            synchronized (applyLock) {
                                if (delete) {
                                    index.applyDelete(id);
                                } else {
                                    index.applyUpsert(new ItemRecord(id, new float[] {r.nextInt(100), writer, 0, n},
                                            null, version.incrementAndGet()));
                                }
                            }
                            index.sync(id);
                        }
                    } catch (Throwable t) {
                        error.set(t);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(error.get()).isNull();
            assertThat(index.tombstones()).isPositive();
            for (ItemRecord item : index.copyItems()) {
                List<SearchHit> hits = index.search(item.vector(), 3, 64, Filter.NONE, false);
                assertThat(hits).as("round %d, item %s", round, item.id()).isNotEmpty();
                assertThat(hits.getFirst().distance()).as("round %d, item %s", round, item.id()).isZero();
            }
        }
    }
}
