package com.github.jelmerk.hnswlib.core.hnsw;

import com.github.jelmerk.hnswlib.core.Item;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.collections.api.list.primitive.MutableIntList;
import org.eclipse.collections.api.map.primitive.MutableObjectIntMap;

/**
 * k-NN over an hnswlib-core graph without boxing and without chasing objects: the same algorithm as
 * {@code HnswIndex.findNearest} (greedy descent through the upper layers, best-first search of layer 0 with a dynamic
 * list of {@code ef}), over a flat mirror of the graph's vectors and layer-0 links indexed by node id, with primitive
 * binary heaps and visited marks by epoch.
 *
 * <p>Why it exists: hnswlib-core's search allocates a boxed distance and a heap node per visited neighbour and
 * compares through two comparator layers (2.7x slower than C++ hnswlib). Even without those, its layout costs a
 * chain of dependent cache misses: a neighbour's vector is {@code nodes[id].item.vector} (three misses before the
 * data), and a node's links are {@code nodes[id].connections[0]} -> {@code IntArrayList} -> {@code int[]}, read under
 * the node's monitor. C++ hnswlib keeps each node's links and vector in one flat block. Here the mirror holds, per
 * chunk of {@value #CHUNK_NODES} nodes, one {@code float[]} of vectors ({@code slot * dim}), one {@code int[]} of
 * layer-0 links ({@code slot * (1 + maxM0)}: count, then ids) and a deleted flag per node: the address of every read
 * follows from the id.
 *
 * <p>Keeping the mirror true: node ids are never reused and a node's vector never changes (hnswlib-core replaces an
 * item in place only when the new vector is equal, otherwise it makes a new node). After each {@code add} the caller
 * passes the node to {@link #linked}, which copies its vector and re-copies the layer-0 links of the node and of every
 * neighbour the add may have relinked (all of them are in the new node's own list), each under that node's monitor so
 * that the last copy of a list is of its latest state. Until then a search falls back to the library's objects: a
 * vector not copied yet is copied on first use (written before its flag, release/acquire), and a link list with count
 * 0 is read from hnswlib-core under the monitor. A search racing with an add may see a list mid-copy (every slot holds
 * some valid node id), which can only cost it recall for that moment, as in C++ hnswlib, whose searches read links
 * without locks. The caller reports removals with {@link #removed}; results are checked against the library's own
 * deleted flag as well. Upper layers are small and read through the library under the monitor.
 *
 * <p>It lives in hnswlib-core's package to read the graph's package-private nodes; the private fields it needs are
 * read through VarHandles.
 */
public final class GraphSearcher<TItem extends Item<?, float[]>> {
    /** A distance between the {@code dim}-float vectors at {@code aOffset} in {@code a} and {@code bOffset} in {@code b}; lower is closer. */
    @FunctionalInterface
    public interface Distance {
        float distance(float[] a, int aOffset, float[] b, int bOffset);
    }

    /** One result: the graph's item and its distance to the query. */
    public record Hit<TItem>(TItem item, float distance) {
    }

    static final int CHUNK_BITS = 12;
    static final int CHUNK_NODES = 1 << CHUNK_BITS;
    private static final int CHUNK_MASK = CHUNK_NODES - 1;
    private static final int NO_NODE = -1;
    /** Mirror flag values: the vector is copied; the node's insert is complete (its lists are built). */
    private static final byte FILLED = 1;
    private static final byte READY = 2;

    private static final VarHandle NODES;
    private static final VarHandle ENTRY_POINT;
    private static final VarHandle LOOKUP;
    private static final VarHandle GLOBAL_LOCK;
    private static final VarHandle MAX_M0;
    private static final VarHandle FLAG = MethodHandles.arrayElementVarHandle(byte[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(HnswIndex.class, MethodHandles.lookup());
            NODES = lookup.findVarHandle(HnswIndex.class, "nodes", AtomicReferenceArray.class);
            ENTRY_POINT = lookup.findVarHandle(HnswIndex.class, "entryPoint", HnswIndex.Node.class);
            LOOKUP = lookup.findVarHandle(HnswIndex.class, "lookup", MutableObjectIntMap.class);
            GLOBAL_LOCK = lookup.findVarHandle(HnswIndex.class, "globalLock", ReentrantLock.class);
            MAX_M0 = lookup.findVarHandle(HnswIndex.class, "maxM0", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final HnswIndex<?, float[], TItem, ?> graph;
    final Distance distance;
    final int dim;
    /** Ints per node in the link chunks: the count, then up to maxM0 ids. */
    final int linkStride;
    private final ConcurrentLinkedQueue<Scratch> scratch = new ConcurrentLinkedQueue<>();
    /** The mirror, replaced as a whole when it grows. */
    private volatile Mirror mirror;

    public GraphSearcher(HnswIndex<?, float[], TItem, ?> graph, Distance distance) {
        this.graph = graph;
        this.distance = distance;
        this.dim = graph.getDimensions();
        this.linkStride = 1 + (int) MAX_M0.get(graph);
        this.mirror = new Mirror(new float[0][], new int[0][], new byte[0][], new byte[0][]);
        ensureCapacity(graph.getMaxItemCount());
    }

    /**
     * Makes room for node ids below {@code capacity}. The caller excludes searches, {@link #linked} and
     * {@link #removed} meanwhile (vectord holds its resize write lock, as hnswlib-core's {@code resize} needs too):
     * a partial last chunk is copied into a bigger one. Chunks are sized to the capacity, so a small index stays small.
     */
    public synchronized void ensureCapacity(int capacity) {
        int chunks = (int) (((long) capacity + CHUNK_NODES - 1) >>> CHUNK_BITS);
        Mirror m = mirror;
        int have = m.filled.length;
        if (chunks < have || chunks == have && (have == 0 || m.filled[have - 1].length >= chunkNodes(capacity, have - 1))) {
            return;
        }
        float[][] v = Arrays.copyOf(m.vectors, chunks);
        int[][] l = Arrays.copyOf(m.links, chunks);
        byte[][] f = Arrays.copyOf(m.filled, chunks);
        byte[][] d = Arrays.copyOf(m.deleted, chunks);
        for (int c = Math.max(0, have - 1); c < chunks; c++) {
            int n = chunkNodes(capacity, c);
            if (c < have && f[c].length >= n) {
                continue;
            }
            v[c] = c < have ? Arrays.copyOf(v[c], n * dim) : new float[n * dim];
            l[c] = c < have ? Arrays.copyOf(l[c], n * linkStride) : new int[n * linkStride];
            f[c] = c < have ? Arrays.copyOf(f[c], n) : new byte[n];
            d[c] = c < have ? Arrays.copyOf(d[c], n) : new byte[n];
        }
        mirror = new Mirror(v, l, f, d);
    }

    private static int chunkNodes(int capacity, int chunk) {
        return (int) Math.min(CHUNK_NODES, (long) capacity - ((long) chunk << CHUNK_BITS));
    }

    /** The graph's node id for an item id, or -1 (read under the library's global lock, as its own get does). */
    public int nodeId(Object itemId) {
        ReentrantLock lock = (ReentrantLock) GLOBAL_LOCK.get(graph);
        lock.lock();
        try {
            @SuppressWarnings("unchecked")
            MutableObjectIntMap<Object> lookup = (MutableObjectIntMap<Object>) LOOKUP.get(graph);
            return lookup.getIfAbsent(itemId, NO_NODE);
        } finally {
            lock.unlock();
        }
    }

    /** The item of a node, or null. */
    @SuppressWarnings("unchecked")
    public TItem item(int nodeId) {
        HnswIndex.Node<TItem> n = node((AtomicReferenceArray<HnswIndex.Node<TItem>>) NODES.getVolatile(graph), nodeId);
        return n == null ? null : n.item;
    }

    /** After the library marked node {@code nodeId} deleted (a delete, or a replaced vector). */
    public void removed(int nodeId) {
        Mirror m = mirror;
        HnswIndex.Node<TItem> n = node(currentNodes(), nodeId);
        if (n != null && n.deleted && m.holds(nodeId)) {
            FLAG.setRelease(m.deleted[nodeId >>> CHUNK_BITS], nodeId & CHUNK_MASK, (byte) 1);
        }
    }

    @SuppressWarnings("unchecked")
    private AtomicReferenceArray<HnswIndex.Node<TItem>> currentNodes() {
        return (AtomicReferenceArray<HnswIndex.Node<TItem>>) NODES.getVolatile(graph);
    }

    /**
     * Copies a node's layer-0 links into the mirror under its monitor (the inserter calls it after changing them, so
     * the last copy of a list is of its latest state).
     */
    void mirrorLinks(HnswIndex.Node<?> node) {
        Mirror m = mirror;
        if (!m.holds(node.id)) {
            return;
        }
        int[] chunk = m.links[node.id >>> CHUNK_BITS];
        int base = (node.id & CHUNK_MASK) * linkStride;
        synchronized (node) {
            MutableIntList links = node.connections[0];
            int size = Math.min(links.size(), linkStride - 1);
            for (int i = 0; i < size; i++) {
                chunk[base + 1 + i] = links.get(i);
            }
            chunk[base] = size;
        }
    }

    /** Copies a new node's vector into the mirror before the node is published. */
    void mirrorVector(int nodeId, float[] vector) {
        Mirror m = mirror;
        if (m.holds(nodeId)) {
            m.fill(nodeId, vector, dim);
        }
    }

    /** After the insert of {@code nodeId} has built all its lists: greedy descents may stop on it from now on. */
    void ready(int nodeId) {
        Mirror m = mirror;
        if (m.holds(nodeId)) {
            FLAG.setRelease(m.filled[nodeId >>> CHUNK_BITS], nodeId & CHUNK_MASK, READY);
        }
    }

    /** A view for one search or insert: the node array and mirror as of now. */
    View<TItem> view(float[] query) {
        return new View<>(query, currentNodes(), mirror, dim, linkStride, distance);
    }

    /** The {@code ef} nearest live items to {@code query}, closest first (fewer when the graph is smaller). */
    public List<Hit<TItem>> search(float[] query, int ef) {
        AtomicReferenceArray<HnswIndex.Node<TItem>> nodes = currentNodes();
        @SuppressWarnings("unchecked")
        HnswIndex.Node<TItem> entry = (HnswIndex.Node<TItem>) ENTRY_POINT.getVolatile(graph);
        if (entry == null) {
            return List.of();
        }
        Scratch s = borrow(nodes.length());
        try {
            View<TItem> view = new View<>(query, nodes, mirror, dim, linkStride, distance);
            HnswIndex.Node<TItem> current = entry;
            float currentDistance = view.distance(current.id);
            for (int layer = entry.maxLevel(); layer > 0; layer--) {
                current = descend(view, current, currentDistance, layer, s);
                currentDistance = s.descended;
            }
            searchLayer(view, current, currentDistance, ef, 0, s);
            return hits(nodes, s.top);
        } finally {
            scratch.offer(s);
        }
    }

    /** Greedy walk of one upper layer towards the view's query; the closest node found (its distance in s.descended). */
    static <TItem extends Item<?, float[]>> HnswIndex.Node<TItem> descend(View<TItem> view, HnswIndex.Node<TItem> from,
                                                                         float fromDistance, int layer, Scratch s) {
        HnswIndex.Node<TItem> current = from;
        float currentDistance = fromDistance;
        boolean changed = true;
        while (changed) {
            changed = false;
            int count = libraryLinks(current, layer, s, false);
            for (int i = 0; i < count; i++) {
                int id = s.batch[i];
                float d = view.distance(id);
                // Never onto a node still being inserted: its lower lists may be empty yet, a dead end below.
                if (d < currentDistance && view.ready(id)) {
                    HnswIndex.Node<TItem> n = node(view.nodes, id);
                    if (n != null) {
                        currentDistance = d;
                        current = n;
                        changed = true;
                    }
                }
            }
        }
        s.descended = currentDistance;
        return current;
    }

    /**
     * Best-first search of one layer from {@code start}: leaves the {@code ef} closest live nodes in {@code s.top}
     * (a max-heap: the worst on top). Layer 0 is read from the mirror, upper layers from the library under the
     * node's monitor. The caller has prepared {@code s}'s visited marks.
     */
    static <TItem extends Item<?, float[]>> void searchLayer(View<TItem> view, HnswIndex.Node<TItem> start,
                                                             float startDistance, int ef, int layer, Scratch s) {
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
            int count;
            if (layer == 0) {
                count = view.unvisitedLinks(id, s);
            } else {
                HnswIndex.Node<TItem> n = node(view.nodes, id);
                count = n == null ? 0 : libraryLinks(n, layer, s, true);
            }
            int[] batch = s.batch;
            for (int i = 0; i < count; i++) {
                int next = batch[i];
                float nd = view.distance(next);
                if (nd != nd) { // NaN: not in this search's node array (added after it started)
                    continue;
                }
                if (top.size() < ef || nd < bound) {
                    candidates.push(-nd, next);
                    if (!view.deleted(next)) {
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

    /** The live items of a result heap, closest first. */
    private static <TItem> List<Hit<TItem>> hits(AtomicReferenceArray<HnswIndex.Node<TItem>> nodes, FloatIntHeap top) {
        int count = top.size();
        @SuppressWarnings("unchecked")
        Hit<TItem>[] hits = new Hit[count];
        int live = count;
        for (int i = count - 1; i >= 0; i--) {
            HnswIndex.Node<TItem> n = nodes.get(top.topValue());
            // The mirror's deleted flag may lag the library's by a moment; the library's is the truth.
            hits[i] = n.deleted ? null : new Hit<>(n.item, top.topKey());
            if (n.deleted) {
                live--;
            }
            top.pop();
        }
        List<Hit<TItem>> out = new ArrayList<>(live);
        for (Hit<TItem> h : hits) {
            if (h != null) {
                out.add(h);
            }
        }
        return out;
    }

    /**
     * Copies the library's links of {@code node} at {@code layer} into {@code s.batch} under the node's monitor;
     * with {@code unvisited}, only the ones not seen yet in this search, marking them seen.
     */
    static int libraryLinks(HnswIndex.Node<?> node, int layer, Scratch s, boolean unvisited) {
        synchronized (node) {
            MutableIntList links = node.connections[layer];
            int size = links.size();
            int[] batch = s.batch(size);
            int count = 0;
            for (int i = 0; i < size; i++) {
                int next = links.get(i);
                if (!unvisited || s.visit(next)) {
                    batch[count++] = next;
                }
            }
            return count;
        }
    }

    static <T> HnswIndex.Node<T> node(AtomicReferenceArray<HnswIndex.Node<T>> nodes, int id) {
        // A node added after this search read the (since grown) array is simply not seen.
        return id >= 0 && id < nodes.length() ? nodes.get(id) : null;
    }

    /** Pooled working memory with visited marks for node ids below {@code capacity}; give it back with {@link #release}. */
    Scratch borrow(int capacity) {
        Scratch s = scratch.poll();
        if (s == null) {
            s = new Scratch();
        }
        s.prepare(capacity);
        return s;
    }

    void release(Scratch s) {
        scratch.offer(s);
    }

    /** The flat mirror: per chunk of node ids, vectors, layer-0 links, and the copied / deleted flags. */
    record Mirror(float[][] vectors, int[][] links, byte[][] filled, byte[][] deleted) {
        boolean holds(int id) {
            int chunk = id >>> CHUNK_BITS;
            return id >= 0 && chunk < filled.length && (id & CHUNK_MASK) < filled[chunk].length;
        }

        void fill(int id, float[] vector, int dim) {
            int chunk = id >>> CHUNK_BITS;
            int slot = id & CHUNK_MASK;
            System.arraycopy(vector, 0, vectors[chunk], slot * dim, dim);
            FLAG.setRelease(filled[chunk], slot, FILLED);
        }
    }

    /** What one search reads: its query, the node array and mirror as of its start, and the distance. */
    static final class View<TItem extends Item<?, float[]>> {
        final float[] query;
        final AtomicReferenceArray<HnswIndex.Node<TItem>> nodes;
        final float[][] vectors;
        final int[][] links;
        final byte[][] filled;
        final byte[][] deleted;
        final int dim;
        final int linkStride;
        final Distance distance;
        /** Set by {@link #vectorOf}: a view belongs to one thread. */
        private int offset;

        View(float[] query, AtomicReferenceArray<HnswIndex.Node<TItem>> nodes, Mirror m, int dim, int linkStride,
             Distance distance) {
            this.query = query;
            this.nodes = nodes;
            this.vectors = m.vectors;
            this.links = m.links;
            this.filled = m.filled;
            this.deleted = m.deleted;
            this.dim = dim;
            this.linkStride = linkStride;
            this.distance = distance;
        }

        /** Distance from the query to node {@code id}; NaN when the node is not there. */
        float distance(int id) {
            int chunk = id >>> CHUNK_BITS;
            int slot = id & CHUNK_MASK;
            if (chunk < filled.length && slot < filled[chunk].length) {
                float[] v = vectors[chunk];
                byte[] f = filled[chunk];
                if ((byte) FLAG.getAcquire(f, slot) == 0) {
                    HnswIndex.Node<TItem> n = node(nodes, id);
                    if (n == null) {
                        return Float.NaN;
                    }
                    System.arraycopy(n.item.vector(), 0, v, slot * dim, dim);
                    FLAG.setRelease(f, slot, FILLED);
                }
                return distance.distance(query, 0, v, slot * dim);
            }
            HnswIndex.Node<TItem> n = node(nodes, id);
            return n == null ? Float.NaN : distance.distance(query, 0, n.item.vector(), 0);
        }

        /** Distance between two nodes of this view (both exist: the inserter only asks about linked nodes). */
        float between(int a, int b) {
            float[] va = vectorOf(a);
            int oa = offset;
            float[] vb = vectorOf(b);
            return distance.distance(va, oa, vb, offset);
        }

        /**
         * The array holding node {@code id}'s vector, its offset in {@link #offset}: the mirror chunk (copied first if
         * needed), else the item's own array.
         */
        private float[] vectorOf(int id) {
            int chunk = id >>> CHUNK_BITS;
            int slot = id & CHUNK_MASK;
            HnswIndex.Node<TItem> n;
            if (chunk < filled.length && slot < filled[chunk].length) {
                float[] v = vectors[chunk];
                byte[] f = filled[chunk];
                if ((byte) FLAG.getAcquire(f, slot) == 0 && (n = node(nodes, id)) != null) {
                    System.arraycopy(n.item.vector(), 0, v, slot * dim, dim);
                    FLAG.setRelease(f, slot, FILLED);
                }
                offset = slot * dim;
                return v;
            }
            offset = 0;
            return node(nodes, id).item.vector();
        }

        /** Whether node {@code id}'s insert is complete (a node the mirror does not hold yet: assumed so). */
        boolean ready(int id) {
            int chunk = id >>> CHUNK_BITS;
            int slot = id & CHUNK_MASK;
            return chunk >= filled.length || slot >= filled[chunk].length
                    || (byte) FLAG.getAcquire(filled[chunk], slot) == READY;
        }

        boolean deleted(int id) {
            int chunk = id >>> CHUNK_BITS;
            int slot = id & CHUNK_MASK;
            if (chunk < deleted.length && slot < deleted[chunk].length) {
                return deleted[chunk][slot] != 0;
            }
            HnswIndex.Node<TItem> n = node(nodes, id);
            return n == null || n.deleted;
        }

        /** The not yet visited layer-0 neighbours of {@code id} into {@code s.batch}, marked visited; their count. */
        int unvisitedLinks(int id, Scratch s) {
            int chunk = id >>> CHUNK_BITS;
            int base = (id & CHUNK_MASK) * linkStride;
            if (chunk < links.length && base < links[chunk].length) {
                int[] l = links[chunk];
                int size = Math.min(l[base], linkStride - 1);
                if (size > 0) {
                    int[] batch = s.batch(size);
                    int count = 0;
                    for (int i = base + 1, end = base + 1 + size; i < end; i++) {
                        int next = l[i];
                        if (s.visit(next)) {
                            batch[count++] = next;
                        }
                    }
                    return count;
                }
            }
            // Not mirrored yet (or no links): read the library's list.
            HnswIndex.Node<TItem> node = node(nodes, id);
            return node == null ? 0 : libraryLinks(node, 0, s, true);
        }
    }

    /**
     * Per-search working memory, pooled: visited marks by epoch (16 bits, as C++ hnswlib: half the cache footprint
     * of an int per node), the two heaps and a batch of neighbour ids.
     */
    static final class Scratch {
        short[] marks = new short[0];
        short epoch;
        int[] batch = new int[64];
        /** Result of {@link #descend}: the distance of the node it returned. */
        float descended;
        /** The inserter's candidate lists: ids and distances, and the chosen ones. */
        int[] ids = new int[64];
        float[] dists = new float[64];
        int[] chosen = new int[64];
        float[] chosenDists = new float[64];

        void candidates(int size) {
            if (ids.length < size) {
                ids = new int[size];
                dists = new float[size];
                chosen = new int[size];
                chosenDists = new float[size];
            }
        }
        final FloatIntHeap candidates = new FloatIntHeap(64);
        final FloatIntHeap top = new FloatIntHeap(64);

        void prepare(int capacity) {
            if (marks.length < capacity) {
                marks = new short[capacity];
                epoch = 0;
            }
            if (++epoch == 0) { // wrapped: marks of 65,535 searches ago would look current
                Arrays.fill(marks, (short) 0);
                epoch = 1;
            }
        }

        int[] batch(int size) {
            if (batch.length < size) {
                batch = new int[size];
            }
            return batch;
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
