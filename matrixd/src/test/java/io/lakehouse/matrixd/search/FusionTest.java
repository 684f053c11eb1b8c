package io.lakehouse.matrixd.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lakehouse.matrixd.search.Fusion.Fused;
import io.lakehouse.matrixd.search.Fusion.Ranked;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** RRF and weighted fusion against values computed by hand (in the comments). */
class FusionTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Ranked list(String name, double weight, Object... idScore) {
        List<Hit> hits = new ArrayList<>();
        for (int i = 0; i < idScore.length; i += 2) {
            hits.add(new Hit((String) idScore[i], ((Number) idScore[i + 1]).doubleValue(), null));
        }
        return new Ranked(name, weight, hits);
    }

    private static List<String> ids(List<Fused> fused) {
        return fused.stream().map(Fused::id).toList();
    }

    @Test
    void rrfSumsReciprocalRanksAcrossSourcesOfDifferentLengths() {
        // A: a b c; B: b d. k = 60.
        // a = 1/61 = .0163934; b = 1/62 + 1/61 = .0325225; c = 1/63 = .0158730; d = 1/62 = .0161290
        var fused = Fusion.fuse(List.of(list("A", 1, "a", .9, "b", .8, "c", .7), list("B", 1, "b", 3, "d", 2)),
                FusionMode.RRF, 60, 10);
        assertThat(ids(fused)).containsExactly("b", "a", "d", "c");
        assertThat(fused.get(0).score()).isCloseTo(1.0 / 62 + 1.0 / 61, within(1e-12));
        assertThat(fused.get(1).score()).isCloseTo(1.0 / 61, within(1e-12));
        assertThat(fused.get(2).score()).isCloseTo(1.0 / 62, within(1e-12));
        assertThat(fused.get(3).score()).isCloseTo(1.0 / 63, within(1e-12));
        // b keeps both ranks, in request order, and is attributed to the source that ranked it best.
        assertThat(fused.get(0).ranks()).containsExactly(Map.entry("A", 2), Map.entry("B", 1));
        assertThat(fused.get(0).source()).isEqualTo("B");
        assertThat(fused.get(0).scores()).containsEntry("A", .8).containsEntry("B", 3.0);
    }

    @Test
    void rrfConstantAndWeightsApply() {
        // k = 1: a = 2/(1+1) = 1.0 (weight 2); b = 1/(1+1) = .5, c = 1/(1+2) = .333
        var fused = Fusion.fuse(List.of(list("A", 2, "a", 1), list("B", 1, "b", 1, "c", 1)), FusionMode.RRF, 1, 10);
        assertThat(ids(fused)).containsExactly("a", "b", "c");
        assertThat(fused.get(0).score()).isEqualTo(1.0);
        assertThat(fused.get(2).score()).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void tiesBreakByBestRankThenSourceOrderThenId() {
        // p and q both score 1/61 + 1/62 and both have a rank 1: p's is in A, the earlier source.
        var swapped = Fusion.fuse(List.of(list("A", 1, "p", 1, "q", 1), list("B", 1, "q", 1, "p", 1)),
                FusionMode.RRF, 60, 10);
        assertThat(ids(swapped)).containsExactly("p", "q");
        // x and y both 1/61 at rank 1; y's source comes first in the request.
        assertThat(ids(Fusion.fuse(List.of(list("A", 1, "y", 1), list("B", 1, "x", 1)), FusionMode.RRF, 60, 10)))
                .containsExactly("y", "x");
        // Weighted: n and m both (1 + 0)/2 = .5 at rank 1; n's source comes first.
        assertThat(ids(Fusion.fuse(List.of(list("A", 1, "n", 1), list("B", 1, "m", 1)), FusionMode.WEIGHTED, 60, 10)))
                .containsExactly("n", "m");
    }

    @Test
    void duplicateIdWithinOneSourceCountsOnceAtItsBestRank() {
        // A: a a b -> a rank 1, b rank 2.
        var fused = Fusion.fuse(List.of(list("A", 1, "a", 3, "a", 2, "b", 1)), FusionMode.RRF, 60, 10);
        assertThat(ids(fused)).containsExactly("a", "b");
        assertThat(fused.get(0).score()).isCloseTo(1.0 / 61, within(1e-12));
        assertThat(fused.get(1).ranks()).containsExactly(Map.entry("A", 2));
    }

    @Test
    void weightedNormalisesPerSourceIncludingDistancesAndUnscoredLists() {
        // A (similarity, descending): a .9, b .7, c .5 -> 1, .5, 0
        // B (distance, ascending):    b 1, d 2, a 3    -> 1, .5, 0
        // C (no scores), weight 2:    d, e             -> 1, 0 (rank-based)
        // total weight 4: a = (1 + 0)/4 = .25; b = (.5 + 1)/4 = .375; c = 0; d = (.5 + 2)/4 = .625; e = 0
        // c and e tie at 0: e's best rank (2) beats c's (3).
        var fused = Fusion.fuse(List.of(list("A", 1, "a", .9, "b", .7, "c", .5), list("B", 1, "b", 1, "d", 2, "a", 3),
                list("C", 2, "d", Double.NaN, "e", Double.NaN)), FusionMode.WEIGHTED, 60, 10);
        assertThat(ids(fused)).containsExactly("d", "b", "a", "e", "c");
        assertThat(fused.stream().map(Fused::score).toList())
                .containsExactly(.625, .375, .25, 0.0, 0.0);
        assertThat(fused.get(0).scores()).containsOnlyKeys("B");
    }

    @Test
    void weightedSingleOrEqualScoresNormaliseToOne() {
        assertThat(Fusion.normalise(List.of(new Hit("a", 5, null)))).containsExactly(1.0);
        assertThat(Fusion.normalise(List.of(new Hit("a", 2, null), new Hit("b", 2, null)))).containsExactly(1.0, 1.0);
        assertThat(Fusion.normalise(List.of(new Hit("a", Double.NaN, null), new Hit("b", 1, null),
                new Hit("c", 1, null)))).containsExactly(1.0, .5, 0.0);
    }

    @Test
    void topKCutsAndEmptyListsAreFine() {
        assertThat(ids(Fusion.fuse(List.of(list("A", 1, "a", 1, "b", 1, "c", 1), list("B", 1)), FusionMode.RRF, 60, 2)))
                .containsExactly("a", "b");
        assertThat(Fusion.fuse(List.of(list("A", 1)), FusionMode.WEIGHTED, 60, 5)).isEmpty();
    }

    @Test
    void metadataIsMergedBestRankedSourceFirst() {
        JsonNode fromA = JSON.readTree("{\"x\":1,\"y\":1}");
        JsonNode fromB = JSON.readTree("{\"y\":2,\"z\":2}");
        var a = new Ranked("A", 1, List.of(new Hit("o", 1, null), new Hit("id", 1, fromA)));
        var b = new Ranked("B", 1, List.of(new Hit("id", 1, fromB)));
        Fused f = Fusion.fuse(List.of(a, b), FusionMode.RRF, 60, 1).getFirst();
        assertThat(f.id()).isEqualTo("id");
        assertThat(f.metadata().toString()).isEqualTo("{\"y\":2,\"z\":2,\"x\":1}");
    }
}
