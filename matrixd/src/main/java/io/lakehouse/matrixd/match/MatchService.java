package io.lakehouse.matrixd.match;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lakehouse.matrixd.MatrixdError;
import io.lakehouse.matrixd.MatrixdProperties;
import io.lakehouse.shared.peer.PeerException;
import io.lakehouse.shared.web.ApiException;
import io.lakehouse.shared.web.CommonError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Computes a match matrix as a stream of rows, one per left item, in left order. Left items are read a page at a
 * time (by ids, or by filter in id order); their stored vectors become the queries of vectord batch searches of
 * {@code batch-size} queries, at most {@code concurrency} batches in flight. Memory is bounded by one page plus the
 * batches in flight, whatever the size of the left side.
 */
public final class MatchService {
    private final MatchBackend backend;
    private final MatrixdProperties.Match props;
    private final ExecutorService executor;
    private final JsonMapper json;
    private final Counter leftItems;
    private final Timer batchTimer;

    public MatchService(MatchBackend backend, MatrixdProperties.Match props, ExecutorService executor, JsonMapper json,
                        MeterRegistry meters) {
        this.backend = backend;
        this.props = props;
        this.executor = executor;
        this.json = json;
        this.leftItems = Counter.builder("matrixd.match.left_items").description("left items matched")
                .register(meters);
        this.batchTimer = Timer.builder("matrixd.match.batch.duration").description("one vectord batch search")
                .publishPercentileHistogram().register(meters);
    }

    /** One right-side match. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MatchHit(String rightId, double score, JsonNode metadata) {
    }

    /** One row of the matrix; {@code note} says why a row has no matches when that is not the data's doing. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Row(String leftId, JsonNode leftMetadata, List<MatchHit> matches, String note) {
    }

    /** Receives rows in order; {@code flush} is called after each batch. */
    public interface RowSink {
        void accept(Row row) throws IOException;

        default void flush() throws IOException {
        }
    }

    /**
     * Checks the request against vectord (both indexes exist, the right filter is valid) and reads the first left
     * page, so that those failures are answered as errors before any row is written.
     */
    public Run open(MatchRequest request) {
        call(() -> backend.scan(request.rightIndex(), request.rightFilter() == null ? json.createObjectNode()
                : request.rightFilter(), null, 1));
        Run run = new Run(request);
        run.left.hasNext();
        return run;
    }

    /** A match in progress. */
    public final class Run {
        private final MatchRequest request;
        private final LeftItems left;
        private long rows;

        private Run(MatchRequest request) {
            this.request = request;
            this.left = new LeftItems(request);
        }

        /** Writes every row to {@code sink}; returns the number of rows. */
        public long drain(RowSink sink) throws IOException {
            ArrayDeque<Future<List<Row>>> window = new ArrayDeque<>();
            try {
                while (true) {
                    while (window.size() < props.concurrency() && left.hasNext()) {
                        List<LeftItem> batch = new ArrayList<>(props.batchSize());
                        while (batch.size() < props.batchSize() && left.hasNext()) {
                            batch.add(left.next());
                        }
                        window.add(executor.submit(() -> rows(request, batch)));
                    }
                    if (window.isEmpty()) {
                        return rows;
                    }
                    for (Row r : await(window.poll())) {
                        sink.accept(r);
                        rows++;
                    }
                    sink.flush();
                }
            } finally {
                window.forEach(f -> f.cancel(true));
            }
        }
    }

    /** A left item, or a requested id that does not exist ({@code item} null). */
    private record LeftItem(String id, MatchBackend.Item item) {
    }

    private List<Row> rows(MatchRequest r, List<LeftItem> batch) {
        long t0 = System.nanoTime();
        List<ObjectNode> queries = new ArrayList<>();
        Row[] out = new Row[batch.size()];
        int[] slot = new int[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            LeftItem li = batch.get(i);
            JsonNode leftMeta = r.includeLeftMetadata() && li.item() != null ? li.item().metadata() : null;
            if (li.item() == null) {
                out[i] = new Row(li.id(), null, List.of(), "left item not found in index '" + r.leftIndex() + "'");
                continue;
            }
            ObjectNode filter = r.rightFilter() == null ? json.createObjectNode() : (ObjectNode) r.rightFilter().deepCopy();
            String missing = JoinFilter.apply(filter, r.join(), li.item().metadata());
            if (missing != null) {
                out[i] = new Row(li.id(), leftMeta, List.of(), "left item has no metadata '" + missing + "' to join on");
                continue;
            }
            ObjectNode q = json.createObjectNode();
            q.set("vector", li.item().vector());
            q.put("k", r.sameIndex() ? Math.min(r.k() + 1, 1000) : r.k());
            if (r.ef() != null) {
                q.put("ef", r.ef());
            }
            if (!filter.isEmpty()) {
                q.set("filter", filter);
            }
            q.put("include_metadata", r.includeMetadata());
            q.put("exact", r.exact());
            slot[i] = queries.size();
            queries.add(q);
        }
        List<JsonNode> results = queries.isEmpty() ? List.of()
                : call(() -> backend.batchSearch(r.rightIndex(), queries));
        List<Row> rows = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            if (out[i] != null) {
                rows.add(out[i]);
                continue;
            }
            LeftItem li = batch.get(i);
            List<MatchHit> hits = new ArrayList<>(r.k());
            for (JsonNode h : results.get(slot[i])) {
                String id = h.path("id").asString();
                if (hits.size() == r.k() || (r.sameIndex() && id.equals(li.id()))) {
                    continue;
                }
                hits.add(new MatchHit(id, h.path("score").asDouble(), r.includeMetadata() ? h.get("metadata") : null));
            }
            rows.add(new Row(li.id(), r.includeLeftMetadata() ? li.item().metadata() : null, hits, null));
        }
        leftItems.increment(batch.size());
        batchTimer.record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
        return rows;
    }

    /** Left items in order, one page in memory at a time. */
    private final class LeftItems implements Iterator<LeftItem> {
        private final MatchRequest r;
        private final ArrayDeque<LeftItem> buffer = new ArrayDeque<>();
        private int nextId;
        private String after;
        private boolean done;

        LeftItems(MatchRequest r) {
            this.r = r;
        }

        @Override
        public boolean hasNext() {
            while (buffer.isEmpty() && !done) {
                fill();
            }
            return !buffer.isEmpty();
        }

        @Override
        public LeftItem next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return buffer.poll();
        }

        private void fill() {
            if (r.leftIds() != null) {
                List<String> ids = r.leftIds().subList(nextId, Math.min(r.leftIds().size(), nextId + props.pageSize()));
                nextId += ids.size();
                done = nextId >= r.leftIds().size();
                MatchBackend.ByIds page = call(() -> backend.byIds(r.leftIndex(), ids));
                Map<String, MatchBackend.Item> found = new HashMap<>();
                page.items().forEach(it -> found.put(it.id(), it));
                for (String id : ids) {
                    buffer.add(new LeftItem(id, found.get(id)));
                }
            } else {
                MatchBackend.Page page = call(() -> backend.scan(r.leftIndex(), r.leftFilter(), after, props.pageSize()));
                page.items().forEach(it -> buffer.add(new LeftItem(it.id(), it)));
                after = page.nextAfter();
                done = after == null;
            }
        }
    }

    private static <T> T call(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (PeerException e) {
            throw translate(e);
        }
    }

    private static List<Row> await(Future<List<Row>> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while matching", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** vectord's answer as matrixd's: missing index 404, bad filter 400, unreachable or failing 502/504. */
    static ApiException translate(PeerException e) {
        String detail = e.getMessage();
        return switch (e.status()) {
            case 404 -> new ApiException(MatrixdError.INDEX_NOT_FOUND, detail);
            case 400, 422 -> new ApiException(MatrixdError.INVALID_MATCH, detail);
            case 503 -> new ApiException(CommonError.UNAVAILABLE, detail);
            case 0 -> timedOut(e) ? new ApiException(MatrixdError.PEER_TIMEOUT, detail)
                    : new ApiException(MatrixdError.PEER_FAILED, detail);
            default -> new ApiException(MatrixdError.PEER_FAILED, detail);
        };
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.http.HttpTimeoutException || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
