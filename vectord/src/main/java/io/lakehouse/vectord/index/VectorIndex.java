package io.lakehouse.vectord.index;

import com.github.jelmerk.hnswlib.core.hnsw.GraphInserter;
import com.github.jelmerk.hnswlib.core.hnsw.GraphSearcher;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The in-memory state of one index: the item map (the truth, changed only by the log's apply step, in log order)
 * and an hnswlib-core graph that follows it.
 *
 * <p>Why two structures: hnswlib-core has no per-query ef, no filter and takes its global lock for {@code get}; the
 * map gives lock-free gets, exact scans and filter checks. The graph is brought in line with the map per id by
 * {@link #sync(String)} under a striped lock, so whichever of two racing writers syncs last leaves the graph
 * matching the map. A search re-checks every graph hit against the map and re-scores it from the map's vector.
 *
 * <p>Searches go through {@link GraphSearcher} (the same algorithm without boxing, per-query ef, its own visited
 * marks, over a flat mirror of the vectors and layer-0 links) and inserts through {@link GraphInserter} (the
 * library's insert over that mirror, keeping it in line as it links), so neither takes hnswlib-core's visited-set
 * pool, whose blocking take() deadlocked the library's own inserts when more ran than it had sets.
 */
public final class VectorIndex {
    private static final int STRIPES = 256;
    /** Fewer ids than this per extra thread are not worth a hand-off. */
    private static final int MIN_IDS_PER_HELPER = 32;

    private final IndexSettings settings;
    private final Metric metric;
    private final ConcurrentHashMap<String, ItemRecord> items = new ConcurrentHashMap<>();
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    /** Adds hold the read side; a resize (which swaps hnswlib-core's arrays and bitset pool) holds the write side. */
    private final ReentrantReadWriteLock resizeLock = new ReentrantReadWriteLock();
    private final HnswIndex<String, float[], ItemRecord, Float> graph;
    private final GraphSearcher<ItemRecord> searcher;
    private final GraphInserter<ItemRecord> inserter;
    /** Upper bound of graph slots used: hnswlib-core never reuses a slot (deleted nodes stay as tombstones). */
    private final AtomicLong slotsReserved = new AtomicLong();
    private final AtomicLong tombstones = new AtomicLong();
    private volatile int capacity;

    public VectorIndex(IndexSettings settings, int initialCapacity) {
        this.settings = settings;
        this.metric = settings.metric();
        this.capacity = Math.max(16, initialCapacity);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
        this.graph = HnswIndex.newBuilder(settings.dim(), metric.hnswDistance(), capacity)
                .withM(settings.m())
                .withEfConstruction(settings.efConstruction())
                .withEf(1)
                .withRemoveEnabled()
                .build();
        int dim = settings.dim();
        this.searcher = new GraphSearcher<>(graph, metric == Metric.L2
                ? (a, ao, b, bo) -> VectorMath.squareDistance(a, ao, b, bo, dim)
                : (a, ao, b, bo) -> 1f - VectorMath.dot(a, ao, b, bo, dim));
        this.inserter = new GraphInserter<>(graph, searcher);
    }

    public IndexSettings settings() {
        return settings;
    }

    public int size() {
        return items.size();
    }

    /** Graph nodes that no longer stand for a live item (deleted or replaced); dropped at the next load. */
    public long tombstones() {
        return tombstones.get();
    }

    public Optional<ItemRecord> get(String id) {
        return Optional.ofNullable(items.get(id));
    }

    /** A point-in-time copy of the live items (the records themselves are immutable). */
    public List<ItemRecord> copyItems() {
        return new ArrayList<>(items.values());
    }

    /** Rough heap use: vectors, graph links, the searcher's flat mirror (by capacity), map entries and metadata. */
    public long memoryBytes() {
        long n = slotsReserved.get();
        long perVector = 16L + 4L * settings.dim();
        long links = (2L * settings.m() + 16) * 4 + 96;
        long mirror = (long) capacity * (4L * settings.dim() + 4L * (2L * settings.m() + 1) + 2);
        return n * (perVector + links) + mirror + (long) items.size() * 160;
    }

    // ---- apply step: called by the log in log order, single-threaded per index ----

    /** Records an upsert in the map. Call {@link #sync} afterwards to bring the graph in line. */
    public void applyUpsert(ItemRecord record) {
        items.put(record.id(), record);
    }

    /** Records a delete in the map; returns whether the id existed. */
    public boolean applyDelete(String id) {
        return items.remove(id) != null;
    }

    // ---- graph maintenance ----

    /** Makes the graph agree with the map for one id. Safe to call from many threads. */
    public void sync(String id) {
        ReentrantLock lock = stripes[(id.hashCode() & 0x7fffffff) % STRIPES];
        lock.lock();
        try {
            ItemRecord current = items.get(id);
            int oldNode = searcher.nodeId(id);
            ItemRecord inGraph = oldNode < 0 ? null : searcher.item(oldNode);
            if (current == null) {
                if (inGraph != null && graph.remove(id, inGraph.version())) {
                    tombstones.incrementAndGet();
                    resizeLock.readLock().lock(); // the mirror may not grow meanwhile
                    try {
                        searcher.removed(oldNode);
                    } finally {
                        resizeLock.readLock().unlock();
                    }
                }
                return;
            }
            if (inGraph != null && inGraph.version() >= current.version()) {
                return;
            }
            if (inGraph != null && !java.util.Arrays.equals(inGraph.vector(), current.vector())) {
                tombstones.incrementAndGet();
            }
            reserveSlot();
            resizeLock.readLock().lock();
            try {
                inserter.add(current); // mirrors the new node's vector and every link it changes
                if (oldNode >= 0 && searcher.nodeId(id) != oldNode) {
                    searcher.removed(oldNode);
                }
            } finally {
                resizeLock.readLock().unlock();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes the graph agree with the map for many ids: on the calling thread, helped by up to {@code helpers} tasks
     * on {@code pool} when there are enough ids (a helper that starts after the work is gone returns at once).
     */
    public void syncAll(List<String> ids, Executor pool, int helpers) throws InterruptedException {
        int n = ids.size();
        int extra = Math.min(helpers, n / MIN_IDS_PER_HELPER);
        if (extra <= 0) {
            ids.forEach(this::sync);
            return;
        }
        ensureCapacity(slotsReserved.get() + n);
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(extra);
        Runnable work = () -> {
            try {
                for (int i; (i = next.getAndIncrement()) < n; ) {
                    sync(ids.get(i));
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                next.set(n); // the others stop too
            }
        };
        for (int h = 0; h < extra; h++) {
            try {
                pool.execute(() -> {
                    try {
                        work.run();
                    } finally {
                        done.countDown();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                done.countDown(); // shutting down: the caller does the work
            }
        }
        work.run();
        done.await();
        Throwable t = failure.get();
        if (t instanceof RuntimeException e) {
            throw e;
        } else if (t instanceof Error e) {
            throw e;
        }
    }

    /** Adds many records to the graph with {@code threads} threads (used when loading). */
    public void syncAll(Collection<String> ids, int threads) throws InterruptedException {
        List<String> list = new ArrayList<>(ids);
        ensureCapacity(slotsReserved.get() + list.size());
        int n = Math.max(1, threads);
        List<Thread> workers = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < n; t++) {
            workers.add(Thread.ofPlatform().name("vectord-load-" + settings.name() + "-" + t).start(() -> {
                for (int i; (i = next.getAndIncrement()) < list.size(); ) {
                    sync(list.get(i));
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
    }

    private void reserveSlot() {
        long needed = slotsReserved.incrementAndGet();
        if (needed > capacity) {
            ensureCapacity(needed);
        }
    }

    private void ensureCapacity(long needed) {
        if (needed <= capacity) {
            return;
        }
        resizeLock.writeLock().lock();
        try {
            if (needed > capacity) {
                long grown = Math.max(needed, (long) capacity * 2);
                int newCapacity = (int) Math.min(Integer.MAX_VALUE - 8, grown);
                graph.resize(newCapacity);
                searcher.ensureCapacity(newCapacity);
                capacity = newCapacity;
            }
        } finally {
            resizeLock.writeLock().unlock();
        }
    }

    // ---- search ----

    /**
     * k nearest live items. With a filter, the graph search widens (ef x4, twice) until k matches are found, then
     * falls back to an exact scan over the matching items, so k results come back whenever k items match.
     */
    public List<SearchHit> search(float[] query, int k, int ef, Filter filter, boolean exact) {
        if (exact || items.isEmpty()) {
            return exactSearch(query, k, filter);
        }
        int size = items.size();
        int want = Math.max(ef, k);
        for (int round = 0; round < 3; round++) {
            List<SearchHit> hits = graphSearch(query, k, want, filter);
            if (hits.size() >= k || want >= size) {
                return hits;
            }
            if (filter.isEmpty() && round == 0) {
                // Unfiltered and short: only tombstones or racing writers can cause it; one wider try, then exact.
                want = Math.min(size + (int) Math.min(Integer.MAX_VALUE / 2, tombstones.get()), want * 4);
                continue;
            }
            want = want * 4;
        }
        return exactSearch(query, k, filter);
    }

    private List<SearchHit> graphSearch(float[] query, int k, int ef, Filter filter) {
        List<GraphSearcher.Hit<ItemRecord>> raw;
        // Only a resize (which swaps the node array) is excluded; searches never wait for adds.
        resizeLock.readLock().lock();
        try {
            raw = searcher.search(query, ef);
        } finally {
            resizeLock.readLock().unlock();
        }
        List<SearchHit> out = new ArrayList<>(Math.min(k, raw.size()));
        boolean all = filter.isEmpty();
        boolean rescored = false;
        for (GraphSearcher.Hit<ItemRecord> r : raw) {
            ItemRecord node = r.item();
            ItemRecord current = items.get(node.id());
            if (current == null || (!all && !filter.test(current.metadata()))) {
                continue;
            }
            float d;
            if (current == node) {
                d = r.distance();
            } else {
                d = metric.distance(query, current.vector());
                rescored = true;
            }
            out.add(new SearchHit(current, d));
            if (out.size() == k && !rescored) {
                break; // the raw hits come closest first: with no re-scored one, these k are the answer
            }
        }
        out.sort(Comparator.comparingDouble(SearchHit::distance));
        return out.size() > k ? new ArrayList<>(out.subList(0, k)) : out;
    }

    /** Brute force over the map: the recall reference, and the plan for selective filters. */
    public List<SearchHit> exactSearch(float[] query, int k, Filter filter) {
        PriorityQueue<SearchHit> heap = new PriorityQueue<>(k + 1,
                Comparator.comparingDouble(SearchHit::distance).reversed());
        boolean all = filter.isEmpty();
        for (ItemRecord r : items.values()) {
            if (!all && !filter.test(r.metadata())) {
                continue;
            }
            float d = metric.distance(query, r.vector());
            if (heap.size() < k) {
                heap.add(new SearchHit(r, d));
            } else if (d < heap.peek().distance()) {
                heap.poll();
                heap.add(new SearchHit(r, d));
            }
        }
        List<SearchHit> out = new ArrayList<>(heap);
        out.sort(Comparator.comparingDouble(SearchHit::distance));
        return out;
    }
}
