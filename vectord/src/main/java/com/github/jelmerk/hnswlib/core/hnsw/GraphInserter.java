package com.github.jelmerk.hnswlib.core.hnsw;

import com.github.jelmerk.hnswlib.core.Item;
import com.github.jelmerk.hnswlib.core.util.ArrayBitSet;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.collections.api.list.primitive.MutableIntList;
import org.eclipse.collections.api.map.primitive.MutableObjectIntMap;
import org.eclipse.collections.api.map.primitive.MutableObjectLongMap;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * hnswlib-core's insert ({@code HnswIndex.add}: same graph, same algorithm, same bookkeeping) computed over the
 * {@link GraphSearcher}'s flat mirror, with primitive heaps and no boxing, and keeping the mirror in line as it links.
 *
 * <p>Why it exists: profiling an HTTP bulk load put 74 % of the CPU in the distance kernel called from the library's
 * insert and 15 % in its {@code PriorityQueue}s of boxed distances. The kernel's time there is mostly waiting for
 * memory: the library reaches a neighbour's vector through {@code nodes[id].item.vector}, several dependent cache
 * misses, where the mirror needs one. Searches had the same problem (see {@link GraphSearcher}).
 *
 * <p>What it keeps from the library: node ids from its counter, its lookup and deleted-version maps under its global
 * lock (held for the whole insert only when the new node raises the top level, as in the library), the "excluded"
 * set of nodes still being inserted (never linked to; here dropped before the choice, see {@link #withoutExcluded}), links changed under each node's monitor, and the
 * neighbour selection heuristic ({@code getNeighborsByHeuristic2}: m links for the new node, a full neighbour list
 * re-pruned to maxM0 / maxM). What differs: each layer's search starts from the closest node found one layer up
 * (C++ hnswlib does this too; the library restarts from the same node), links are written closest first, and no
 * monitor is held while waiting for another (the new node's own lists are filled under short holds of its monitor:
 * nobody else writes them while it is excluded), so inserts and searches cannot deadlock and need no visited-set
 * pool. Callers serialise inserts of one id (vectord's striped lock) and exclude resizes.
 */
public final class GraphInserter<TItem extends Item<?, float[]>> {
    private static final int NO_NODE = -1;
    private static final VarHandle NODE_COUNT;
    private static final VarHandle EXCLUDED;
    private static final VarHandle DELETED_VERSIONS;
    private static final VarHandle LOOKUP;
    private static final VarHandle GLOBAL_LOCK;
    private static final VarHandle NODES;
    private static final VarHandle ENTRY_POINT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(HnswIndex.class, MethodHandles.lookup());
            NODE_COUNT = lookup.findVarHandle(HnswIndex.class, "nodeCount", int.class);
            EXCLUDED = lookup.findVarHandle(HnswIndex.class, "excludedCandidates", ArrayBitSet.class);
            DELETED_VERSIONS = lookup.findVarHandle(HnswIndex.class, "deletedItemVersions", MutableObjectLongMap.class);
            LOOKUP = lookup.findVarHandle(HnswIndex.class, "lookup", MutableObjectIntMap.class);
            GLOBAL_LOCK = lookup.findVarHandle(HnswIndex.class, "globalLock", ReentrantLock.class);
            NODES = lookup.findVarHandle(HnswIndex.class, "nodes", AtomicReferenceArray.class);
            ENTRY_POINT = lookup.findVarHandle(HnswIndex.class, "entryPoint", HnswIndex.Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final HnswIndex<?, float[], TItem, ?> graph;
    private final GraphSearcher<TItem> searcher;
    private final int m;
    private final int maxM0;
    private final int efConstruction;
    private final double levelLambda;

    public GraphInserter(HnswIndex<?, float[], TItem, ?> graph, GraphSearcher<TItem> searcher) {
        this.graph = graph;
        this.searcher = searcher;
        this.m = graph.getM();
        this.maxM0 = 2 * graph.getM();
        this.efConstruction = Math.max(graph.getEfConstruction(), m);
        this.levelLambda = 1 / Math.log(m);
    }

    /**
     * Adds or replaces an item, as {@code HnswIndex.add}: false when a newer version is in the graph or was deleted;
     * an equal vector replaces the item in place, a different one soft-deletes the old node and makes a new one.
     */
    @SuppressWarnings("unchecked")
    public boolean add(TItem item) {
        if (item.dimensions() != graph.getDimensions()) {
            throw new IllegalArgumentException("Item does not have dimensionality of : " + graph.getDimensions());
        }
        int randomLevel = graph.assignLevel(levelLambda);
        IntArrayList[] connections = new IntArrayList[randomLevel + 1];
        for (int level = 0; level <= randomLevel; level++) {
            connections[level] = new IntArrayList(level == 0 ? maxM0 : m);
        }
        ReentrantLock global = (ReentrantLock) GLOBAL_LOCK.get(graph);
        global.lock();
        int newId = NO_NODE;
        try {
            MutableObjectIntMap<Object> lookup = (MutableObjectIntMap<Object>) LOOKUP.get(graph);
            MutableObjectLongMap<Object> deletedVersions = (MutableObjectLongMap<Object>) DELETED_VERSIONS.get(graph);
            AtomicReferenceArray<HnswIndex.Node<TItem>> nodes =
                    (AtomicReferenceArray<HnswIndex.Node<TItem>>) NODES.get(graph);
            int existing = lookup.getIfAbsent(item.id(), NO_NODE);
            if (existing != NO_NODE) {
                HnswIndex.Node<TItem> node = nodes.get(existing);
                if (item.version() < node.item.version()) {
                    return false;
                }
                if (Arrays.equals(node.item.vector(), item.vector())) {
                    node.item = item;
                    return true;
                }
                removeFromLibrary(item);
            } else if (item.version() < deletedVersions.getIfAbsent(item.id(), -1)) {
                return false;
            }
            int count = (int) NODE_COUNT.get(graph);
            if (count >= nodes.length()) {
                throw new SizeLimitExceededException("The number of elements exceeds the specified limit.");
            }
            newId = count;
            NODE_COUNT.set(graph, count + 1);
            ArrayBitSet excluded = (ArrayBitSet) EXCLUDED.get(graph);
            synchronized (excluded) {
                excluded.add(newId);
            }
            HnswIndex.Node<TItem> newNode = new HnswIndex.Node<>(newId, connections, item, false);
            searcher.mirrorVector(newId, item.vector()); // before any reader can reach the node
            nodes.set(newId, newNode);
            lookup.put(item.id(), newId);
            deletedVersions.remove(item.id());
            HnswIndex.Node<TItem> entry = (HnswIndex.Node<TItem>) ENTRY_POINT.getVolatile(graph);
            if (entry != null && randomLevel <= entry.maxLevel()) {
                global.unlock(); // only an insert that raises the top level keeps it, as in the library
            }
            if (entry != null) {
                link(newNode, entry, randomLevel);
            }
            searcher.ready(newId); // its lists are complete: descents may now stop on it
            if (entry == null || randomLevel > entry.maxLevel()) {
                ENTRY_POINT.setVolatile(graph, newNode);
            }
            return true;
        } finally {
            if (newId != NO_NODE) {
                ArrayBitSet excluded = (ArrayBitSet) EXCLUDED.get(graph);
                synchronized (excluded) {
                    excluded.remove(newId);
                }
            }
            if (global.isHeldByCurrentThread()) {
                global.unlock();
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void removeFromLibrary(TItem item) {
        ((HnswIndex) graph).remove(item.id(), item.version());
    }

    /** Searches each layer of the new node from the top down and links it in. */
    private void link(HnswIndex.Node<TItem> newNode, HnswIndex.Node<TItem> entry, int randomLevel) {
        GraphSearcher.View<TItem> view = searcher.view(newNode.item.vector());
        GraphSearcher.Scratch s = searcher.borrow(view.nodes.length());
        try {
            HnswIndex.Node<TItem> current = entry;
            float currentDistance = view.distance(entry.id);
            for (int layer = entry.maxLevel(); layer > randomLevel; layer--) {
                current = GraphSearcher.descend(view, current, currentDistance, layer, s);
                currentDistance = s.descended;
            }
            for (int layer = Math.min(randomLevel, entry.maxLevel()); layer >= 0; layer--) {
                if (layer < Math.min(randomLevel, entry.maxLevel())) {
                    s.prepare(view.nodes.length()); // fresh visited marks per layer
                }
                GraphSearcher.searchLayer(view, current, currentDistance, efConstruction, layer, s);
                GraphSearcher.FloatIntHeap top = s.top;
                if (entry.deleted) { // keep the graph reachable through a deleted entry point, as the library does
                    top.push(view.distance(entry.id), entry.id);
                    if (top.size() > efConstruction) {
                        top.pop();
                    }
                }
                int found = top.size();
                s.candidates(Math.max(found, maxM0 + 1));
                for (int i = found - 1; i >= 0; i--) { // the max-heap pops worst first: fill from the end
                    s.ids[i] = top.topValue();
                    s.dists[i] = top.topKey();
                    top.pop();
                }
                int n = withoutExcluded(newNode.id, s.ids, s.dists, found);
                if (n == 0) {
                    continue;
                }
                HnswIndex.Node<TItem> closest = GraphSearcher.node(view.nodes, s.ids[0]);
                if (closest != null) {
                    current = closest;
                    currentDistance = s.dists[0];
                }
                connect(view, newNode, layer, s, n);
            }
        } finally {
            searcher.release(s);
        }
    }

    /**
     * Drops the nodes still being inserted by other threads (their lists are not ready, and the library never links
     * to them) before choosing: chosen first and skipped after, as the library does, the closest of them would
     * shadow the candidates behind it and could leave the new node with no links at all (seen with concurrent
     * writers of nearby vectors). Returns how many candidates are left, in order.
     */
    private int withoutExcluded(int self, int[] ids, float[] dists, int n) {
        ArrayBitSet excluded = (ArrayBitSet) EXCLUDED.get(graph);
        int kept = 0;
        synchronized (excluded) {
            for (int i = 0; i < n; i++) {
                int id = ids[i];
                if (id != self && !excluded.contains(id)) {
                    ids[kept] = id;
                    dists[kept] = dists[i];
                    kept++;
                }
            }
        }
        return kept;
    }

    /** Links the new node to the chosen of the {@code n} sorted candidates in {@code s}, and them back to it. */
    private void connect(GraphSearcher.View<TItem> view, HnswIndex.Node<TItem> newNode, int layer,
                         GraphSearcher.Scratch s, int n) {
        int bestN = layer == 0 ? maxM0 : m;
        int chosen = choose(view, s.ids, s.dists, n, m, s.chosen, s.chosenDists);
        int[] selected = Arrays.copyOf(s.chosen, chosen);
        for (int neighbourId : selected) {
            HnswIndex.Node<TItem> neighbour = GraphSearcher.node(view.nodes, neighbourId);
            if (neighbour == null || neighbour.maxLevel() < layer) {
                continue;
            }
            synchronized (newNode) {
                newNode.connections[layer].add(neighbourId);
            }
            synchronized (neighbour) {
                MutableIntList links = neighbour.connections[layer];
                if (links.size() < bestN) {
                    links.add(newNode.id);
                } else {
                    // Full: keep the best bestN of its links plus the new node by the same heuristic.
                    int size = links.size();
                    int[] ids = new int[size + 1];
                    float[] dists = new float[size + 1];
                    ids[0] = newNode.id;
                    dists[0] = view.between(neighbourId, newNode.id);
                    for (int i = 0; i < size; i++) {
                        ids[i + 1] = links.get(i);
                        dists[i + 1] = view.between(neighbourId, ids[i + 1]);
                    }
                    sort(ids, dists, size + 1);
                    int[] keep = new int[size + 1];
                    int kept = choose(view, ids, dists, size + 1, bestN, keep, new float[size + 1]);
                    links.clear();
                    for (int i = 0; i < kept; i++) {
                        links.add(keep[i]);
                    }
                }
                if (layer == 0) {
                    searcher.mirrorLinks(neighbour);
                }
            }
        }
        if (layer == 0) {
            searcher.mirrorLinks(newNode);
        }
    }

    /**
     * hnswlib's neighbour heuristic over candidates sorted closest first: take a candidate unless an already taken
     * one is closer to it than the base is; at most {@code max}. Fewer than {@code max} candidates are all taken.
     */
    private static int choose(GraphSearcher.View<?> view, int[] ids, float[] dists, int n, int max, int[] out,
                              float[] outDists) {
        if (n < max) {
            System.arraycopy(ids, 0, out, 0, n);
            System.arraycopy(dists, 0, outDists, 0, n);
            return n;
        }
        int taken = 0;
        for (int i = 0; i < n && taken < max; i++) {
            int c = ids[i];
            float d = dists[i];
            boolean good = true;
            for (int j = 0; j < taken; j++) {
                if (view.between(out[j], c) < d) {
                    good = false;
                    break;
                }
            }
            if (good) {
                out[taken] = c;
                outDists[taken] = d;
                taken++;
            }
        }
        return taken;
    }

    /** Insertion sort by distance (at most maxM0 + 1 entries). */
    private static void sort(int[] ids, float[] dists, int n) {
        for (int i = 1; i < n; i++) {
            int id = ids[i];
            float d = dists[i];
            int j = i - 1;
            while (j >= 0 && dists[j] > d) {
                ids[j + 1] = ids[j];
                dists[j + 1] = dists[j];
                j--;
            }
            ids[j + 1] = id;
            dists[j + 1] = d;
        }
    }
}
