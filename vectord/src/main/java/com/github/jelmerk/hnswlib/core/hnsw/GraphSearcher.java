package com.github.jelmerk.hnswlib.core.hnsw;

import com.github.jelmerk.hnswlib.core.Item;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.eclipse.collections.api.list.primitive.MutableIntList;

/**
 * k-NN over an hnswlib-core graph without boxing: the same algorithm as {@code HnswIndex.findNearest} (greedy descent
 * through the upper layers, best-first search of layer 0 with a dynamic list of {@code ef}), but with primitive
 * binary heaps, a float distance, and visited marks by epoch instead of a bitset cleared after every query.
 *
 * <p>Why it exists: hnswlib-core's search allocates a boxed distance and a heap node per visited neighbour and
 * compares through two comparator layers, which made it 2.7x slower than C++ hnswlib here (docs/vectord.md). It
 * lives in hnswlib-core's package to read the graph's package-private nodes; the two private fields it needs (the
 * node array, swapped on resize, and the entry point) are read through VarHandles. Like hnswlib-core's own search it
 * reads a node's links under the node's monitor, which is what writers hold while changing them.
 */
public final class GraphSearcher<TItem extends Item<?, float[]>> {
    /** A distance on float vectors, lower is closer. */
    @FunctionalInterface
    public interface Distance {
        float distance(float[] a, float[] b);
    }

    /** One result: the graph's item and its distance to the query. */
    public record Hit<TItem>(TItem item, float distance) {
    }

    private static final VarHandle NODES;
    private static final VarHandle ENTRY_POINT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(HnswIndex.class, MethodHandles.lookup());
            NODES = lookup.findVarHandle(HnswIndex.class, "nodes", AtomicReferenceArray.class);
            ENTRY_POINT = lookup.findVarHandle(HnswIndex.class, "entryPoint", HnswIndex.Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final HnswIndex<?, float[], TItem, ?> graph;
    private final Distance distance;
    private final ConcurrentLinkedQueue<Scratch> scratch = new ConcurrentLinkedQueue<>();

    public GraphSearcher(HnswIndex<?, float[], TItem, ?> graph, Distance distance) {
        this.graph = graph;
        this.distance = distance;
    }

    /** The {@code ef} nearest live items to {@code query}, closest first (fewer when the graph is smaller). */
    @SuppressWarnings("unchecked")
    public List<Hit<TItem>> search(float[] query, int ef) {
        AtomicReferenceArray<HnswIndex.Node<TItem>> nodes =
                (AtomicReferenceArray<HnswIndex.Node<TItem>>) NODES.getVolatile(graph);
        HnswIndex.Node<TItem> entry = (HnswIndex.Node<TItem>) ENTRY_POINT.getVolatile(graph);
        if (entry == null) {
            return List.of();
        }
        HnswIndex.Node<TItem> current = entry;
        float currentDistance = distance.distance(query, current.item.vector());
        for (int layer = entry.maxLevel(); layer > 0; layer--) {
            boolean changed = true;
            while (changed) {
                changed = false;
                synchronized (current) {
                    MutableIntList links = current.connections[layer];
                    for (int i = 0; i < links.size(); i++) {
                        HnswIndex.Node<TItem> candidate = node(nodes, links.get(i));
                        if (candidate == null) {
                            continue;
                        }
                        float d = distance.distance(query, candidate.item.vector());
                        if (d < currentDistance) {
                            currentDistance = d;
                            current = candidate;
                            changed = true;
                        }
                    }
                }
            }
        }
        Scratch s = borrow(nodes.length(), ef);
        try {
            return searchLayerZero(nodes, current, currentDistance, query, ef, s);
        } finally {
            scratch.offer(s);
        }
    }

    private List<Hit<TItem>> searchLayerZero(AtomicReferenceArray<HnswIndex.Node<TItem>> nodes,
                                             HnswIndex.Node<TItem> start, float startDistance, float[] query, int ef,
                                             Scratch s) {
        FloatIntHeap candidates = s.candidates; // min-heap: the closest unexpanded node first
        FloatIntHeap top = s.top;               // max-heap of the ef best live nodes: the worst on top
        candidates.clear();
        top.clear();
        s.visit(start.id);
        candidates.push(-startDistance, start.id);
        float bound = Float.POSITIVE_INFINITY;
        if (!start.deleted) {
            top.push(startDistance, start.id);
            bound = startDistance;
        }
        while (candidates.size() > 0) {
            float d = -candidates.topKey();
            int id = candidates.topValue();
            if (d > bound) {
                break;
            }
            candidates.pop();
            HnswIndex.Node<TItem> node = node(nodes, id);
            if (node == null) {
                continue;
            }
            synchronized (node) {
                MutableIntList links = node.connections[0];
                for (int i = 0; i < links.size(); i++) {
                    int next = links.get(i);
                    if (!s.visit(next)) {
                        continue;
                    }
                    HnswIndex.Node<TItem> n = node(nodes, next);
                    if (n == null) {
                        continue;
                    }
                    float nd = distance.distance(query, n.item.vector());
                    if (top.size() < ef || nd < bound) {
                        candidates.push(-nd, next);
                        if (!n.deleted) {
                            top.push(nd, next);
                            if (top.size() > ef) {
                                top.pop();
                            }
                        }
                        if (top.size() > 0) {
                            bound = top.topKey();
                        }
                    }
                }
            }
        }
        int count = top.size();
        @SuppressWarnings("unchecked")
        Hit<TItem>[] hits = new Hit[count];
        for (int i = count - 1; i >= 0; i--) {
            HnswIndex.Node<TItem> n = nodes.get(top.topValue());
            hits[i] = new Hit<>(n.item, top.topKey());
            top.pop();
        }
        List<Hit<TItem>> out = new ArrayList<>(count);
        for (Hit<TItem> h : hits) {
            out.add(h);
        }
        return out;
    }

    private static <T> HnswIndex.Node<T> node(AtomicReferenceArray<HnswIndex.Node<T>> nodes, int id) {
        // A node added after this search read the (since grown) array is simply not seen.
        return id < nodes.length() ? nodes.get(id) : null;
    }

    private Scratch borrow(int capacity, int ef) {
        Scratch s = scratch.poll();
        if (s == null) {
            s = new Scratch();
        }
        s.prepare(capacity, ef);
        return s;
    }

    /** Per-search working memory, pooled: visited marks by epoch and the two heaps. */
    private static final class Scratch {
        int[] marks = new int[0];
        int epoch;
        final FloatIntHeap candidates = new FloatIntHeap(64);
        final FloatIntHeap top = new FloatIntHeap(64);

        void prepare(int capacity, int ef) {
            if (marks.length < capacity) {
                marks = new int[capacity];
                epoch = 0;
            }
            if (++epoch == Integer.MAX_VALUE) {
                Arrays.fill(marks, 0);
                epoch = 1;
            }
        }

        /** Marks {@code id} visited; false when it already was in this search. */
        boolean visit(int id) {
            if (id >= marks.length || marks[id] == epoch) {
                return false;
            }
            marks[id] = epoch;
            return true;
        }
    }

    /** A binary max-heap of (float key, int value) pairs in two parallel arrays. */
    static final class FloatIntHeap {
        private float[] keys;
        private int[] values;
        private int size;

        FloatIntHeap(int capacity) {
            keys = new float[capacity];
            values = new int[capacity];
        }

        int size() {
            return size;
        }

        void clear() {
            size = 0;
        }

        float topKey() {
            return keys[0];
        }

        int topValue() {
            return values[0];
        }

        void push(float key, int value) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (keys[parent] >= key) {
                    break;
                }
                keys[i] = keys[parent];
                values[i] = values[parent];
                i = parent;
            }
            keys[i] = key;
            values[i] = value;
        }

        void pop() {
            int last = --size;
            if (last == 0) {
                return;
            }
            float key = keys[last];
            int value = values[last];
            int i = 0;
            int half = last >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int right = child + 1;
                if (right < last && keys[right] > keys[child]) {
                    child = right;
                }
                if (key >= keys[child]) {
                    break;
                }
                keys[i] = keys[child];
                values[i] = values[child];
                i = child;
            }
            keys[i] = key;
            values[i] = value;
        }
    }
}
