package io.lakehouse.vectord.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.vectord.TestSupport;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Recall against the exact scan on clustered data, and filters (eq, in, range, combined, very selective). */
class RecallAndFilterTest {
    static final int N = 100_000;
    static final int DIM = 16;
    static VectorIndex index;
    static List<float[]> data;

    @BeforeAll
    static void build() throws Exception {
        data = TestSupport.clustered(N, DIM, 50, 7);
        index = new VectorIndex(new IndexSettings("filters", DIM, Metric.COSINE, 12, 64, 64, null), 1024);
        String[] states = {"TX", "CA", "NY", "WA"};
        for (int i = 0; i < N; i++) {
            String meta = "{\"state\":\"" + states[i % 4] + "\",\"years\":" + (i % 20)
                    + (i == 11 || i == 50_001 || i == 99_999 ? ",\"rare\":true" : "") + "}";
            index.applyUpsert(new ItemRecord("i" + i, data.get(i), TestSupport.JSON.readTree(meta), i + 1));
        }
        index.syncAll(index.copyItems().stream().map(ItemRecord::id).toList(), Runtime.getRuntime().availableProcessors());
    }

    @Test
    void recallAtDefaultEfIsAtLeast095() {
        Random rnd = new Random(3);
        int queries = 200;
        int found = 0;
        for (int q = 0; q < queries; q++) {
            float[] v = data.get(rnd.nextInt(N)).clone();
            for (int j = 0; j < DIM; j++) {
                v[j] += (float) (rnd.nextGaussian() * 0.05);
            }
            v = TestSupport.unit(v);
            Set<String> truth = ids(index.search(v, 10, 64, Filter.NONE, true));
            Set<String> got = ids(index.search(v, 10, 64, Filter.NONE, false));
            got.retainAll(truth);
            found += got.size();
        }
        double recall = found / (queries * 10.0);
        assertThat(recall).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void selectiveFilterReturnsAllThreeMatches() {
        Filter rare = filter("{\"rare\":true}");
        List<SearchHit> hits = index.search(data.get(5), 10, 64, rare, false);
        assertThat(ids(hits)).containsExactlyInAnyOrder("i11", "i50001", "i99999");
    }

    @Test
    void filteredSearchStillReturnsKWhenKMatch() {
        // 1 in 20 items: TX (i % 4 == 0) with 8 years (i % 20 == 8)
        Filter f = filter("{\"state\":\"TX\",\"years\":{\"gte\":8,\"lt\":9}}");
        List<SearchHit> hits = index.search(data.get(123), 10, 64, f, false);
        assertThat(hits).hasSize(10);
        for (SearchHit h : hits) {
            assertThat(h.item().metadata().get("state").asString()).isEqualTo("TX");
            assertThat(h.item().metadata().get("years").asInt()).isEqualTo(8);
        }
        List<SearchHit> exact = index.search(data.get(123), 10, 64, f, true);
        Set<String> e = ids(exact);
        e.retainAll(ids(hits));
        assertThat(e.size()).isGreaterThanOrEqualTo(8);
    }

    @Test
    void inAndRangeCombinations() {
        Filter f = filter("{\"state\":{\"in\":[\"CA\",\"NY\"]},\"years\":{\"gt\":17}}");
        List<SearchHit> hits = index.search(data.get(9), 25, 64, f, false);
        assertThat(hits).hasSize(25).allSatisfy(h -> {
            JsonNode m = h.item().metadata();
            assertThat(m.get("state").asString()).isIn("CA", "NY");
            assertThat(m.get("years").asInt()).isGreaterThan(17);
        });
        assertThat(index.search(data.get(9), 5, 64, filter("{\"state\":\"ZZ\"}"), false)).isEmpty();
        assertThat(index.search(data.get(9), 5, 64, filter("{\"years\":{\"lte\":0},\"state\":{\"eq\":\"TX\"}}"), false))
                .hasSize(5).allSatisfy(h -> assertThat(h.item().metadata().get("years").asInt()).isZero());
    }

    @Test
    void unknownOperatorIsRejected() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> filter("{\"years\":{\"between\":[1,2]}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between");
    }

    private static Filter filter(String json) {
        return Filter.parse(TestSupport.JSON.readTree(json));
    }

    private static Set<String> ids(List<SearchHit> hits) {
        Set<String> s = new HashSet<>();
        hits.forEach(h -> s.add(h.item().id()));
        return s;
    }
}
