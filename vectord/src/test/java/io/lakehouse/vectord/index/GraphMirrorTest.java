package io.lakehouse.vectord.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.vectord.TestSupport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The searcher's flat mirror of the graph (vectors and layer-0 links by node id) stays true through growth from a
 * tiny capacity, concurrent adds with searches running, replaced vectors (new nodes) and deletes (tombstones).
 */
class GraphMirrorTest {
    static final int DIM = 8;

    @Test
    void searchesStayCorrectThroughGrowthReplacementsAndDeletes() throws Exception {
        VectorIndex index = new VectorIndex(new IndexSettings("mirror", DIM, Metric.L2, 8, 40, 32, null), 16);
        List<float[]> data = TestSupport.clustered(3_000, DIM, 10, 5);
        Map<String, float[]> truth = new HashMap<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> error = new AtomicReference<>();
        Random qr = new Random(1);
        Thread searcher = Thread.ofPlatform().start(() -> {
            try {
                while (writing.get()) {
                    index.search(data.get(qr.nextInt(data.size())), 5, 32, Filter.NONE, false);
                }
            } catch (Throwable t) {
                error.set(t);
            }
        });
        long version = 1;
        for (int i = 0; i < 1_000; i++) { // one by one: the capacity doubles from 16 while the searcher runs
            put(index, truth, "i" + i, data.get(i), version++);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 1_000; i < 2_000; i++) { // then two adding threads
            index.applyUpsert(new ItemRecord("i" + i, data.get(i), null, version++));
            truth.put("i" + i, data.get(i));
            ids.add("i" + i);
        }
        index.syncAll(ids, 2);
        // 400 replaced vectors (the old nodes become tombstones) and 200 deletes
        Random r = new Random(2);
        for (int i = 0; i < 400; i++) {
            put(index, truth, "i" + r.nextInt(2_000), data.get(2_000 + i), version++);
        }
        for (int i = 0; i < 200; i++) {
            String id = "i" + r.nextInt(2_000);
            if (index.applyDelete(id)) {
                truth.remove(id);
            }
            index.sync(id);
        }
        writing.set(false);
        searcher.join();
        assertThat(error.get()).isNull();
        assertThat(index.tombstones()).isGreaterThan(300);

        // Live items are found by their own vector (an approximate search may miss a very few), with their current
        // vector, and no deleted or duplicate id comes back.
        int missed = 0;
        for (Map.Entry<String, float[]> e : truth.entrySet()) {
            List<SearchHit> hits = index.search(e.getValue(), 3, 32, Filter.NONE, false);
            assertThat(hits).hasSize(3);
            if (!hits.getFirst().item().id().equals(e.getKey())) {
                missed++;
            }
            Set<String> seen = new HashSet<>();
            for (SearchHit h : hits) {
                assertThat(truth).containsKey(h.item().id());
                assertThat(h.item().vector()).isEqualTo(truth.get(h.item().id()));
                assertThat(seen.add(h.item().id())).isTrue();
            }
        }
        assertThat(missed).isLessThanOrEqualTo(truth.size() / 100);
        // And the top 10 agree with the exact scan.
        int found = 0;
        for (int q = 0; q < 100; q++) {
            float[] v = data.get(2_500 + q);
            Set<String> exact = ids(index.search(v, 10, 64, Filter.NONE, true));
            Set<String> got = ids(index.search(v, 10, 64, Filter.NONE, false));
            got.retainAll(exact);
            found += got.size();
        }
        assertThat(found / 1000.0).isGreaterThanOrEqualTo(0.95);
    }

    private static void put(VectorIndex index, Map<String, float[]> truth, String id, float[] v, long version) {
        index.applyUpsert(new ItemRecord(id, v, null, version));
        truth.put(id, v);
        index.sync(id);
    }

    private static Set<String> ids(List<SearchHit> hits) {
        Set<String> s = new HashSet<>();
        hits.forEach(h -> s.add(h.item().id()));
        return s;
    }
}
