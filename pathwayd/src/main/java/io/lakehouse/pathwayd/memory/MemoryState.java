package io.lakehouse.pathwayd.memory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The fold of the journal: memories by id (sorted in the state pages are served from), the active memory behind
 * each playbook name and, when kept, every memory's history. {@link #apply} is the only mutator and is deterministic: replaying
 * the same operations always yields the same state.
 *
 * <p>One thread applies (the journal's committer, or start-up); any number read. A reader sees each memory whole;
 * the two memories a REVISE touches become visible one after the other.
 */
public final class MemoryState {
    private final boolean keepHistory;
    /**
     * Sorted by id where pages are served from (the state that keeps history, {@code live}); hashed in the state that
     * only decides ({@code decided}), whose insert runs under the submit lock on every write and was 7 % of the request
     * threads' CPU samples at 32 clients as a sorted insert.
     */
    private final ConcurrentMap<String, Memory> memories;
    private final ConcurrentHashMap<String, String> playbooks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> playbookMembers = new ConcurrentHashMap<>();
    /**
     * Per memory: its one {@link HistoryEntry} (most memories are only ever added), or a {@link History} from the
     * second on; a list per memory was ~64 bytes more on every memory, all of it kept and copied by the GC.
     */
    private final ConcurrentHashMap<String, Object> history = new ConcurrentHashMap<>();
    private volatile long seq;
    private volatile long entries;

    public MemoryState(boolean keepHistory) {
        this.keepHistory = keepHistory;
        this.memories = keepHistory ? new ConcurrentSkipListMap<>() : new ConcurrentHashMap<>();
    }

    /** The last sequence number applied (0 for a state that does not track them). */
    public long seq() {
        return seq;
    }

    /** History entries held (changes applied). */
    public long entries() {
        return entries;
    }

    public void apply(long seq, Operation op) {
        List<Change> changes = op.changes();
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            applyChange(c.after());
            if (keepHistory) {
                addHistory(HistoryEntry.of(seq, i, op, c));
            }
        }
        this.seq = seq;
    }

    /** Applies one history entry as read back from a snapshot. */
    void applyEntry(HistoryEntry e) {
        applyChange(e.after());
        if (keepHistory) {
            addHistory(e);
        }
        this.seq = Math.max(this.seq, e.seq());
    }

    /** Only the applying thread writes: get-then-put needs no lock; readers see one entry or the whole list. */
    private void addHistory(HistoryEntry e) {
        Object h = history.get(e.memoryId());
        if (h == null) {
            history.put(e.memoryId(), e);
        } else if (h instanceof History list) {
            list.add(e);
        } else {
            history.put(e.memoryId(), new History((HistoryEntry) h, e));
        }
        entries++;
    }

    private static List<HistoryEntry> entriesOf(Object h) {
        return h == null ? List.of() : h instanceof History list ? list.snapshot() : List.of((HistoryEntry) h);
    }

    void setSeq(long seq) {
        this.seq = seq;
    }

    private void applyChange(Memory m) {
        memories.put(m.id(), m);
        String name = m.playbook();
        if (name != null) {
            if (m.active()) {
                playbooks.put(name, m.id());
                playbookMembers.computeIfAbsent(name, k -> ConcurrentHashMap.newKeySet()).add(m.id());
            } else {
                playbooks.remove(name, m.id());
            }
        }
    }

    /** Makes this state a copy of {@code other}'s memories and playbooks (not its history). */
    void copyFrom(MemoryState other) {
        memories.clear();
        memories.putAll(other.memories);
        playbooks.clear();
        playbooks.putAll(other.playbooks);
        seq = other.seq;
    }

    // ---- reads ----

    public Optional<Memory> get(String id) {
        return Optional.ofNullable(memories.get(id));
    }

    public int size() {
        return memories.size();
    }

    /** The active memory behind a playbook name. */
    public Optional<Memory> playbook(String name) {
        String id = playbooks.get(name);
        return id == null ? Optional.empty() : get(id).filter(Memory::active);
    }

    /** Memories with id greater than {@code after} (null: from the start) that pass {@code filter}, at most {@code limit}. */
    public List<Memory> page(String after, Predicate<Memory> filter, int limit) {
        if (!(memories instanceof ConcurrentSkipListMap<String, Memory> sorted)) {
            throw new IllegalStateException("pages are served from the state that keeps history");
        }
        Collection<Memory> tail = after == null ? sorted.values() : sorted.tailMap(after, false).values();
        List<Memory> out = new ArrayList<>(Math.min(limit, 256));
        for (Memory m : tail) {
            if (filter.test(m)) {
                out.add(m);
                if (out.size() >= limit) {
                    break;
                }
            }
        }
        return out;
    }

    public Stream<Memory> all() {
        return memories.values().stream();
    }

    /** Every event that touched the memory, oldest first. */
    public List<HistoryEntry> history(String id) {
        return entriesOf(history.get(id));
    }

    /**
     * The memory's revision lineage: itself, everything it transitively supersedes, and the chain of successors
     * after it, in no particular order.
     */
    public Set<String> lineage(String id) {
        Set<String> out = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(List.of(id));
        while (!todo.isEmpty()) {
            String x = todo.removeLast();
            Memory m = memories.get(x);
            if (m != null && out.add(x)) {
                todo.addAll(m.supersedes());
            }
        }
        for (Memory m = memories.get(id); m != null && m.supersededBy() != null; ) {
            if (!out.add(m.supersededBy())) {
                break; // acyclic by construction; the guard only stops a damaged journal from looping
            }
            m = memories.get(m.supersededBy());
        }
        return out;
    }

    /** History of a whole lineage (or of all memories that ever stood for a playbook), oldest first. */
    public List<HistoryEntry> historyOf(Collection<String> ids) {
        List<HistoryEntry> all = new ArrayList<>();
        for (String id : ids) {
            all.addAll(history(id));
        }
        all.sort(HistoryEntry.ORDER);
        return all;
    }

    /** Every memory id that ever stood for the playbook. */
    public Set<String> playbookMembers(String name) {
        return playbookMembers.getOrDefault(name, Set.of());
    }

    /** Every history entry with seq at most {@code upTo}, in fold order (for a snapshot). */
    List<HistoryEntry> entriesUpTo(long upTo) {
        List<HistoryEntry> out = new ArrayList<>();
        try {
            forEachUpTo(upTo, (e, previous) -> out.add(e));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // the visitor above does no I/O
        }
        return out;
    }

    /** Takes one history entry of a snapshot and the memory's previous version in it (null for its first entry). */
    @FunctionalInterface
    interface EntryVisitor {
        void visit(HistoryEntry e, Memory previousAfter) throws java.io.IOException;
    }

    /**
     * Visits every history entry with seq at most {@code upTo} in fold order, each with the {@code after} of the
     * memory's entry before it (what a snapshot leaves {@code before} out against).
     */
    void forEachUpTo(long upTo, EntryVisitor visitor) throws java.io.IOException {
        forEachUpTo(upTo, visitor, SnapshotPacer.UNPACED);
    }

    /**
     * As {@link #forEachUpTo(long, EntryVisitor)}, ticking {@code pacer} once per memory placed and once per entry
     * visited, never while holding a lock the applying thread takes (the pacer may sleep). Entries are immutable and
     * each history is append-only, so a walk that takes minutes still visits exactly the fold up to {@code upTo}.
     */
    void forEachUpTo(long upTo, EntryVisitor visitor, SnapshotPacer pacer) throws java.io.IOException {
        // Placed by (seq, change index) rather than sorted: an operation changes one memory or two (a REVISE), so two
        // slots per seq hold every entry, and sorting with a comparator was a third of a snapshot's CPU. The two
        // arrays (16 bytes per seq with compressed oops, ~13 MB at 800,000) live for one snapshot: keeping them
        // between snapshots would hold that much for good, for a saving of one allocation a minute.
        if (upTo >= (Integer.MAX_VALUE - 8) / 2) {
            sortedUpTo(upTo, visitor, pacer);
            return;
        }
        int size = (int) (2 * upTo + 2);
        HistoryEntry[] slots = new HistoryEntry[size];
        Memory[] previous = new Memory[size];
        for (Object h : history.values()) {
            boolean placed = h instanceof History list ? list.placeUpTo(upTo, slots, previous)
                    : place((HistoryEntry) h, upTo, slots, previous);
            if (!placed) {
                sortedUpTo(upTo, visitor, pacer);
                return;
            }
            pacer.tick(); // outside the history's monitor: the committer appends under it
        }
        for (int i = 0; i < size; i++) {
            if (slots[i] != null) {
                visitor.visit(slots[i], previous[i]);
                pacer.tick();
            }
        }
    }

    /** A memory's only entry into its slot, as {@link History#placeUpTo} places a list's. */
    private static boolean place(HistoryEntry e, long upTo, HistoryEntry[] slots, Memory[] previous) {
        if (e.seq() <= upTo) {
            if (e.index() > 1) {
                return false;
            }
            slots[(int) (2 * e.seq() + e.index())] = e;
        }
        return true;
    }

    private void sortedUpTo(long upTo, EntryVisitor visitor, SnapshotPacer pacer) throws java.io.IOException {
        List<HistoryEntry> out = new ArrayList<>((int) Math.min(Integer.MAX_VALUE - 8, entries));
        for (Object h : history.values()) {
            for (HistoryEntry e : entriesOf(h)) {
                if (e.seq() <= upTo) {
                    out.add(e);
                }
            }
            pacer.tick();
        }
        out.sort(HistoryEntry.ORDER);
        java.util.Map<String, Memory> last = new java.util.HashMap<>();
        for (HistoryEntry e : out) {
            visitor.visit(e, last.put(e.memoryId(), e.after()));
            pacer.tick();
        }
    }

    /** For tests: memories, playbooks and history as plain maps, to compare two states field by field. */
    public Map<String, Object> dump() {
        Map<String, List<HistoryEntry>> h = new java.util.TreeMap<>();
        history.forEach((k, v) -> h.put(k, entriesOf(v)));
        return Map.of("memories", new java.util.TreeMap<>(memories), "playbooks", new java.util.TreeMap<>(playbooks),
                "history", h);
    }

    /** One memory's events; appended by the applying thread, copied by readers. */
    private static final class History {
        private final List<HistoryEntry> entries = new ArrayList<>(4);

        History(HistoryEntry first, HistoryEntry second) {
            entries.add(first);
            entries.add(second);
        }

        synchronized void add(HistoryEntry e) {
            entries.add(e);
        }

        synchronized List<HistoryEntry> snapshot() {
            return List.copyOf(entries);
        }

        /**
         * Puts each entry with seq at most {@code upTo} into its slot (2 * seq + change index) with the memory's
         * previous {@code after}; false (slots partly filled) when a change index is above 1. In place, without the
         * copy {@link #snapshot} makes: a snapshot visits every memory, and a copy each was ~30 MB of garbage at
         * 800,000 memories, held as long as a paced snapshot runs.
         */
        synchronized boolean placeUpTo(long upTo, HistoryEntry[] slots, Memory[] previous) {
            Memory last = null;
            for (int i = 0; i < entries.size(); i++) {
                HistoryEntry e = entries.get(i);
                if (e.seq() > upTo) {
                    break; // appended in seq order
                }
                int index = e.index();
                if (index > 1) {
                    return false;
                }
                int slot = (int) (2 * e.seq() + index);
                slots[slot] = e;
                previous[slot] = last;
                last = e.after();
            }
            return true;
        }
    }
}
