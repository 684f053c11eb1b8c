package io.lakehouse.matrixd.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.matrixd.MatrixdProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The streaming shape of a match: left order kept, memory bounded by a page plus the batches in flight. */
class MatchServiceTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A left side of {@code n} items served in pages, counting what has been handed out. */
    static final class FakeBackend implements MatchBackend {
        final int n;
        final AtomicInteger handedOut = new AtomicInteger();
        final List<JsonNode> filtersSeen = new ArrayList<>();

        FakeBackend(int n) {
            this.n = n;
        }

        @Override
        public Page scan(String index, JsonNode filter, String after, int limit) {
            if (index.equals("right")) {
                return new Page(List.of(), null);
            }
            int from = after == null ? 0 : Integer.parseInt(after.substring(1)) + 1;
            List<Item> items = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + limit); i++) {
                items.add(item(i));
            }
            handedOut.addAndGet(items.size());
            return new Page(items, from + limit < n ? items.getLast().id() : null);
        }

        @Override
        public ByIds byIds(String index, List<String> ids) {
            List<Item> items = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (String id : ids) {
                int i = Integer.parseInt(id.substring(1));
                if (i < n) {
                    items.add(item(i));
                } else {
                    missing.add(id);
                }
            }
            handedOut.addAndGet(items.size());
            return new ByIds(items, missing);
        }

        private static Item item(int i) {
            return new Item(String.format("l%07d", i), JSON.createArrayNode().add(i).add(1),
                    JSON.createObjectNode().put("state", i % 3 == 0 ? "TX" : "CA").put("min_years", i % 5));
        }

        @Override
        public synchronized List<JsonNode> batchSearch(String index, List<ObjectNode> queries) {
            List<JsonNode> out = new ArrayList<>();
            for (ObjectNode q : queries) {
                filtersSeen.add(q.get("filter"));
                var results = JSON.createArrayNode();
                int self = q.get("vector").get(0).asInt();
                results.add(JSON.createObjectNode().put("id", String.format("l%07d", self)).put("score", 1.0));
                for (int j = 0; j < q.get("k").asInt() - 1; j++) {
                    results.add(JSON.createObjectNode().put("id", "r" + j).put("score", 0.5 - j * 0.01));
                }
                out.add(results);
            }
            return out;
        }
    }

    private static MatchService service(FakeBackend backend, int page, int batch, int concurrency, ExecutorService ex) {
        return new MatchService(backend, new MatrixdProperties.Match(page, batch, concurrency, 100, 100_000), ex, JSON,
                new SimpleMeterRegistry());
    }

    @Test
    void tenThousandLeftItemsStreamInOrderWithBoundedItemsInMemory() throws Exception {
        FakeBackend backend = new FakeBackend(10_000);
        int page = 500;
        int batch = 100;
        int concurrency = 2;
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            var run = service(backend, page, batch, concurrency, ex).open(new MatchRequest("left", null,
                    JSON.createObjectNode(), "right", null, List.of(), 3, null, false, true, false));
            List<String> ids = new ArrayList<>();
            int[] maxHeld = {0};
            long rows = run.drain(row -> {
                ids.add(row.leftId());
                assertThat(row.matches()).hasSize(3);
                // Items read from vectord but not yet written out: one page ahead plus the batches in flight.
                maxHeld[0] = Math.max(maxHeld[0], backend.handedOut.get() - ids.size());
            });
            assertThat(rows).isEqualTo(10_000);
            assertThat(ids).isSorted().doesNotHaveDuplicates().hasSize(10_000);
            assertThat(maxHeld[0]).isLessThanOrEqualTo(page + concurrency * batch);
        }
    }

    @Test
    void joinFiltersSelfExclusionAndMissingIds() throws Exception {
        FakeBackend backend = new FakeBackend(10);
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            var join = List.of(new MatchRequest.Join("state", "eq", "state"),
                    new MatchRequest.Join("years", "gte", "min_years"),
                    new MatchRequest.Join("zip", "eq", "nope"));
            // Same index on both sides: the item itself is dropped and k results remain.
            var request = new MatchRequest("left", List.of("l0000003", "l0000099", "l0000004"), null, "left",
                    JSON.readTree("{\"available\":true,\"years\":{\"lt\":20}}"), join.subList(0, 2), 2, null, false,
                    false, true);
            List<MatchService.Row> rows = new ArrayList<>();
            service(backend, 2, 1, 2, ex).open(request).drain(rows::add);
            assertThat(rows).extracting(MatchService.Row::leftId).containsExactly("l0000003", "l0000099", "l0000004");
            assertThat(rows.get(0).matches()).extracting(MatchService.MatchHit::rightId).containsExactly("r0", "r1");
            assertThat(rows.get(0).leftMetadata().get("state").asString()).isEqualTo("TX");
            assertThat(rows.get(1).matches()).isEmpty();
            assertThat(rows.get(1).note()).contains("not found");
            assertThat(backend.filtersSeen.get(0).toString())
                    .isEqualTo("{\"available\":true,\"years\":{\"lt\":20,\"gte\":3},\"state\":\"TX\"}");

            // A left item without the joined field gets an empty row that says why.
            List<MatchService.Row> skipped = new ArrayList<>();
            service(backend, 10, 10, 1, ex).open(new MatchRequest("left", List.of("l0000001"), null, "right", null,
                    join, 2, null, false, true, false)).drain(skipped::add);
            assertThat(skipped.getFirst().matches()).isEmpty();
            assertThat(skipped.getFirst().note()).contains("'nope'");
        }
    }
}
