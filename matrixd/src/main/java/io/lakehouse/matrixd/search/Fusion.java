package io.lakehouse.matrixd.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Combines ranked lists into one, deduplicated by id, keeping every source's rank. Pure: no I/O, no clock.
 *
 * <ul>
 *   <li>RRF: {@code score(d) = sum over sources s that returned d of w_s / (rrfK + rank_s(d))}, ranks from 1.</li>
 *   <li>Weighted: {@code score(d) = sum_s w_s * norm_s(d) / sum_s w_s}, the sum of weights taken over the lists
 *   given (the sources that answered); {@code norm_s} is min-max over the list's own scores, oriented by the list's
 *   order (a list whose first score is below its last ranks by distance: lower is better), 1 when all scores are
 *   equal; a list without scores (SQL without a score column) uses {@code (n - rank) / (n - 1)}, 1 when n = 1.</li>
 * </ul>
 * Ties: higher score, then better (lower) best rank, then earlier source in the request, then id.
 * An id listed twice by one source counts once, at its first (best) rank.
 */
public final class Fusion {
    private Fusion() {
    }

    /** One source's answer: its name, weight and hits best first. */
    public record Ranked(String name, double weight, List<Hit> hits) {
        public Ranked {
            Objects.requireNonNull(name, "name is null");
            hits = List.copyOf(hits);
        }
    }

    /** One fused result. {@code ranks} and {@code scores} are keyed by source name, in request order. */
    public record Fused(String id, String source, double score, Map<String, Integer> ranks,
                        Map<String, Double> scores, JsonNode metadata) {
    }

    private record Part(int rank, int source, JsonNode metadata) {
    }

    private static final class Acc {
        final String id;
        double score;
        int bestRank = Integer.MAX_VALUE;
        int bestSource = Integer.MAX_VALUE;
        final Map<String, Integer> ranks = new LinkedHashMap<>();
        final Map<String, Double> scores = new LinkedHashMap<>();
        final List<Part> metadata = new ArrayList<>(2);

        Acc(String id) {
            this.id = id;
        }
    }

    /** Fuses {@code lists} and returns the top {@code k}. */
    public static List<Fused> fuse(List<Ranked> lists, FusionMode mode, int rrfK, int k) {
        double totalWeight = 0;
        for (Ranked r : lists) {
            totalWeight += r.weight();
        }
        Map<String, Acc> byId = new HashMap<>();
        for (int s = 0; s < lists.size(); s++) {
            Ranked list = lists.get(s);
            List<Hit> hits = distinct(list.hits());
            double[] norm = mode == FusionMode.WEIGHTED ? normalise(hits) : null;
            for (int i = 0; i < hits.size(); i++) {
                Hit h = hits.get(i);
                int rank = i + 1;
                double contribution = mode == FusionMode.RRF
                        ? list.weight() / (rrfK + rank)
                        : list.weight() * norm[i] / totalWeight;
                Acc a = byId.computeIfAbsent(h.id(), Acc::new);
                a.score += contribution;
                a.ranks.put(list.name(), rank);
                if (h.scored()) {
                    a.scores.put(list.name(), h.score());
                }
                if (rank < a.bestRank || (rank == a.bestRank && s < a.bestSource)) {
                    a.bestRank = rank;
                    a.bestSource = s;
                }
                if (h.metadata() != null && h.metadata().isObject()) {
                    a.metadata.add(new Part(rank, s, h.metadata()));
                }
            }
        }
        List<Acc> all = new ArrayList<>(byId.values());
        all.sort(Comparator.<Acc>comparingDouble(a -> -a.score)
                .thenComparingInt(a -> a.bestRank)
                .thenComparingInt(a -> a.bestSource)
                .thenComparing(a -> a.id));
        List<Fused> out = new ArrayList<>(Math.min(k, all.size()));
        for (Acc a : all.subList(0, Math.min(k, all.size()))) {
            out.add(new Fused(a.id, lists.get(a.bestSource).name(), a.score, a.ranks, a.scores, merge(a.metadata)));
        }
        return out;
    }

    /** Min-max normalised scores, best = 1, oriented by the list's order; rank-based without scores. */
    static double[] normalise(List<Hit> hits) {
        int n = hits.size();
        double[] out = new double[n];
        if (n == 0) {
            return out;
        }
        boolean scored = hits.stream().allMatch(Hit::scored);
        if (!scored) {
            for (int i = 0; i < n; i++) {
                out[i] = n == 1 ? 1.0 : (double) (n - 1 - i) / (n - 1);
            }
            return out;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Hit h : hits) {
            min = Math.min(min, h.score());
            max = Math.max(max, h.score());
        }
        boolean lowerIsBetter = hits.getFirst().score() < hits.getLast().score();
        for (int i = 0; i < n; i++) {
            double x = hits.get(i).score();
            out[i] = max == min ? 1.0 : lowerIsBetter ? (max - x) / (max - min) : (x - min) / (max - min);
        }
        return out;
    }

    private static List<Hit> distinct(List<Hit> hits) {
        Set<String> seen = new HashSet<>();
        List<Hit> out = new ArrayList<>(hits.size());
        for (Hit h : hits) {
            if (seen.add(h.id())) {
                out.add(h);
            }
        }
        return out;
    }

    /** Shallow merge: the best-ranked source's members win, the others fill in what it lacks. */
    private static JsonNode merge(List<Part> parts) {
        if (parts.isEmpty()) {
            return null;
        }
        if (parts.size() == 1) {
            return parts.getFirst().metadata();
        }
        parts.sort(Comparator.comparingInt(Part::rank).thenComparingInt(Part::source));
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        for (Part p : parts) {
            for (Map.Entry<String, JsonNode> e : p.metadata().properties()) {
                if (!merged.has(e.getKey())) {
                    merged.set(e.getKey(), e.getValue());
                }
            }
        }
        return merged;
    }
}
