package io.lakehouse.observerd.runs;

import io.lakehouse.observerd.observation.Observation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The runs in memory, bounded by a number of observations: when a batch takes the index past it, the runs touched
 * least recently leave first. One writer (the journal's committer) and many readers.
 *
 * <p>Compact on purpose: a run keeps its observations' canonical lines back to back in one byte array, plus a few
 * numbers per observation in primitive arrays, and no object per observation. Every kept observation lives for
 * seconds to minutes, so with an object graph per observation the collector copied and marked each one (that was
 * the largest cost of ingestion); byte and primitive arrays cost it almost nothing. The tree of a run is parsed from
 * its lines only when it is asked for.
 */
public final class RunIndex {
    /** Newest runs first, ties by run id. */
    static final Comparator<Run> BY_START = Comparator.comparingLong(Run::startedNanos).reversed()
            .thenComparing(Run::runId);

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Insertion order = least recently touched first (a touched run is removed and put again). */
    private final LinkedHashMap<String, Run> runs = new LinkedHashMap<>();
    private final NavigableSet<Run> byStart = new TreeSet<>(BY_START);
    private final long maxObservations;
    private final Function<byte[], Observation> parser;
    private long observations;
    private long evictedRuns;
    private long appliedSeq;

    /**
     * @param parser reads a kept canonical line back ({@code ObservationCodec::parse}): for a run's tree, and for
     *               the rare recount after a replacement
     */
    public RunIndex(long maxObservations, Function<byte[], Observation> parser) {
        this.maxObservations = maxObservations;
        this.parser = parser;
    }

    /** Adds the observations of one journal entry; {@code seq} is that entry's sequence number. */
    public void apply(long seq, List<Observation> batch) {
        lock.writeLock().lock();
        try {
            Map<String, List<Observation>> byRun = new LinkedHashMap<>();
            for (Observation o : batch) {
                byRun.computeIfAbsent(o.runId(), k -> new ArrayList<>(4)).add(o);
            }
            for (Map.Entry<String, List<Observation>> e : byRun.entrySet()) {
                Run run = runs.remove(e.getKey());
                if (run == null) {
                    int bytes = 0;
                    for (Observation o : e.getValue()) {
                        bytes += o.line().length + 1;
                    }
                    run = new Run(e.getKey(), e.getValue().size(), bytes);
                } else {
                    byStart.remove(run);
                }
                for (Observation o : e.getValue()) {
                    observations += run.put(o);
                }
                run.settle(parser);
                runs.put(run.runId(), run);
                byStart.add(run);
            }
            evict();
            appliedSeq = Math.max(appliedSeq, seq);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void evict() {
        Iterator<Run> oldest = runs.values().iterator();
        while (observations > maxObservations && oldest.hasNext()) {
            Run r = oldest.next();
            oldest.remove();
            byStart.remove(r);
            observations -= r.size();
            evictedRuns++;
        }
    }

    /** A run's observations: its lines are copied under the lock and parsed after it. */
    public Optional<RunView> get(String runId) {
        RunSummary summary;
        byte[] lines;
        lock.readLock().lock();
        try {
            Run r = runs.get(runId);
            if (r == null) {
                return Optional.empty();
            }
            summary = r.summary();
            lines = r.lines();
        } finally {
            lock.readLock().unlock();
        }
        List<Observation> all = new ArrayList<>(summary.observations());
        forEachLine(lines, (from, to) -> all.add(parser.apply(Arrays.copyOfRange(lines, from, to))));
        return Optional.of(new RunView(summary, all));
    }

    /** Summaries of the runs matching {@code filter}, newest first, starting after {@code after} (exclusive). */
    public List<RunSummary> list(Predicate<RunSummary> filter, RunSummary.Cursor after, int limit) {
        lock.readLock().lock();
        try {
            List<RunSummary> page = new ArrayList<>(Math.min(limit, 256));
            NavigableSet<Run> from = byStart;
            if (after != null) {
                Run probe = new Run(after.runId(), 1, 0);
                probe.startedNanos = after.startedNanos();
                from = byStart.tailSet(probe, false);
            }
            for (Run r : from) {
                RunSummary s = r.summary();
                if (filter.test(s)) {
                    page.add(s);
                    if (page.size() >= limit) {
                        break;
                    }
                }
            }
            return page;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Copies what a snapshot needs under the lock, so the slow write happens outside it: per run one chunk of its
     * kept canonical lines, each ended by a newline.
     */
    public Snapshot snapshot() {
        lock.readLock().lock();
        try {
            List<byte[]> chunks = new ArrayList<>(runs.size());
            for (Run r : runs.values()) {
                chunks.add(r.lines());
            }
            return new Snapshot(appliedSeq, chunks, observations);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * A consistent copy as of journal entry {@code seq}: every kept observation's canonical line, newline-ended, in
     * chunks (one per run).
     */
    public record Snapshot(long seq, List<byte[]> chunks, long observations) {
    }

    public long appliedSeq() {
        lock.readLock().lock();
        try {
            return appliedSeq;
        } finally {
            lock.readLock().unlock();
        }
    }

    public int runCount() {
        lock.readLock().lock();
        try {
            return runs.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    public long observationCount() {
        lock.readLock().lock();
        try {
            return observations;
        } finally {
            lock.readLock().unlock();
        }
    }

    public long evictedRuns() {
        lock.readLock().lock();
        try {
            return evictedRuns;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Receives the bounds of one line. */
    @FunctionalInterface
    interface LineConsumer {
        void accept(int from, int to);
    }

    /** Calls {@code line} with the bounds (newline excluded) of every line of newline-ended {@code lines}. */
    static void forEachLine(byte[] lines, LineConsumer line) {
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i] == '\n') {
                if (i > start) {
                    line.accept(start, i);
                }
                start = i + 1;
            }
        }
    }

    /**
     * One run: its observations' canonical lines (newline-ended) back to back in {@link #data}, and per observation
     * slot its line's offset, the hash of its id and the numbers the totals need. The last observation written for an
     * id wins: the one it replaces becomes a dead slot, whose bytes are dropped once dead bytes outweigh live ones.
     */
    static final class Run {
        private final String runId;
        private byte[] data;
        private int used;
        /** Per slot: where its line starts in {@link #data}, -1 for a replaced (dead) slot. */
        private int[] offset;
        private int[] idHash;
        private long[] started;
        private long[] ended;
        private long[] inTokens;
        private long[] outTokens;
        private double[] cost;
        /** Bit 0: error; bit 1: has a parent. */
        private byte[] flags;
        private int slots;
        private int live;
        private int deadBytes;
        /** Open addressing, id hash to slot + 1 (0 = empty); null while the run is small enough to scan. */
        private int[] table;

        private long startedNanos = Long.MAX_VALUE;
        private long endedNanos = Long.MIN_VALUE;
        private long inputTokens;
        private long outputTokens;
        private double costUsd;
        private int errors;
        /** The root (parentless, earliest) and the earliest observation: their slots and who they name. */
        private int root = -1;
        private int head = -1;
        private String headAgent;
        private String headName;
        private boolean dirty;

        Run(String runId, int expected, int expectedBytes) {
            this.runId = runId;
            int n = Math.max(4, expected);
            this.data = new byte[Math.max(64, expectedBytes)];
            this.offset = new int[n];
            this.idHash = new int[n];
            this.started = new long[n];
            this.ended = new long[n];
            this.inTokens = new long[n];
            this.outTokens = new long[n];
            this.cost = new double[n];
            this.flags = new byte[n];
        }

        String runId() {
            return runId;
        }

        long startedNanos() {
            return startedNanos;
        }

        int size() {
            return live;
        }

        /**
         * Returns 1 when the observation is new, 0 when it replaced one with the same id (a client retry). Sums
         * follow incrementally; a replaced observation that held the start, end, root or head marks the run for one
         * recount in {@link #settle}, so a batch of replacements costs one pass, not one per observation.
         */
        int put(Observation o) {
            int hash = o.observationId().hashCode();
            int slot = append(o, hash);
            int old = find(hash, slot);
            if (old >= 0) {
                inputTokens -= Math.max(0, inTokens[old]);
                outputTokens -= Math.max(0, outTokens[old]);
                costUsd -= Double.isNaN(cost[old]) ? 0 : cost[old];
                errors -= (flags[old] & 1);
                dirty |= old == root || old == head || started[old] == startedNanos || ended[old] == endedNanos;
                deadBytes += lineEnd(old) - offset[old];
                offset[old] = -1;
                live--;
            }
            index(hash, slot);
            live++;
            add(slot, o);
            return old >= 0 ? 0 : 1;
        }

        /** Writes the line and the numbers of a new slot. */
        private int append(Observation o, int hash) {
            byte[] line = o.line();
            if (slots == offset.length) {
                int n = slots + (slots >> 1) + 1;
                offset = Arrays.copyOf(offset, n);
                idHash = Arrays.copyOf(idHash, n);
                started = Arrays.copyOf(started, n);
                ended = Arrays.copyOf(ended, n);
                inTokens = Arrays.copyOf(inTokens, n);
                outTokens = Arrays.copyOf(outTokens, n);
                cost = Arrays.copyOf(cost, n);
                flags = Arrays.copyOf(flags, n);
            }
            if (used + line.length + 1 > data.length) {
                data = Arrays.copyOf(data, Math.max(used + line.length + 1, data.length + (data.length >> 1)));
            }
            int slot = slots++;
            offset[slot] = used;
            System.arraycopy(line, 0, data, used, line.length);
            used += line.length;
            data[used++] = '\n';
            idHash[slot] = hash;
            started[slot] = o.startedNanos();
            ended[slot] = o.endedNanos();
            inTokens[slot] = o.inputTokens();
            outTokens[slot] = o.outputTokens();
            cost[slot] = o.costUsd();
            flags[slot] = (byte) ((o.error() ? 1 : 0) | (o.parentId() != null ? 2 : 0));
            return slot;
        }

        /** The live slot with the same observation id as {@code slot}, or -1. */
        private int find(int hash, int slot) {
            if (table == null) {
                for (int s = 0; s < slot; s++) {
                    if (idHash[s] == hash && offset[s] >= 0 && sameId(s, slot)) {
                        return s;
                    }
                }
                return -1;
            }
            int mask = table.length - 1;
            for (int i = mix(hash) & mask; table[i] != 0; i = (i + 1) & mask) {
                int s = table[i] - 1;
                if (idHash[s] == hash && offset[s] >= 0 && sameId(s, slot)) {
                    return s;
                }
            }
            return -1;
        }

        /** Records the slot in the table (replacing the entry of the id it replaced, if any). */
        private void index(int hash, int slot) {
            if (table == null) {
                if (slots <= 16) {
                    return;
                }
                rebuild();
                return;
            }
            if (slots * 2 > table.length) {
                rebuild();
                return;
            }
            int mask = table.length - 1;
            int i = mix(hash) & mask;
            while (table[i] != 0) {
                int s = table[i] - 1;
                if (offset[s] < 0) {
                    break; // a dead slot's entry is reused
                }
                i = (i + 1) & mask;
            }
            table[i] = slot + 1;
        }

        private void rebuild() {
            int size = Integer.highestOneBit(Math.max(32, live * 4) - 1) << 1;
            table = new int[size];
            int mask = size - 1;
            for (int s = 0; s < slots; s++) {
                if (offset[s] < 0) {
                    continue;
                }
                int i = mix(idHash[s]) & mask;
                while (table[i] != 0) {
                    i = (i + 1) & mask;
                }
                table[i] = s + 1;
            }
        }

        private static int mix(int h) {
            h *= 0x9E3779B9;
            return h ^ (h >>> 16);
        }

        /** Whether two slots' lines carry the same observation id (canonical lines escape an id the same way). */
        private boolean sameId(int a, int b) {
            long ra = idRange(data, offset[a]);
            long rb = idRange(data, offset[b]);
            int fa = (int) (ra >>> 32);
            int fb = (int) (rb >>> 32);
            return Arrays.equals(data, fa, (int) ra, data, fb, (int) rb);
        }

        private static final byte[] ID_MEMBER = "\"observation_id\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        /**
         * The bytes of the (escaped) id in a canonical line starting at {@code from}: {@code started_at} comes first
         * and holds no quote, then {@code observation_id}. Packed as from << 32 | to.
         */
        static long idRange(byte[] b, int from) {
            int i = from + "{\"started_at\":\"".length();
            while (b[i] != '"') {
                i++;
            }
            i += 2; // the closing quote and the comma
            for (byte c : ID_MEMBER) {
                if (b[i++] != c) {
                    throw new IllegalStateException("not a canonical observation line");
                }
            }
            int start = i;
            while (b[i] != '"') {
                i += b[i] == '\\' ? 2 : 1;
            }
            return (long) start << 32 | i;
        }

        private int lineEnd(int slot) {
            int i = offset[slot];
            while (data[i] != '\n') {
                i++;
            }
            return i + 1;
        }

        private void add(int slot, Observation o) {
            startedNanos = Math.min(startedNanos, started[slot]);
            endedNanos = Math.max(endedNanos, ended[slot]);
            inputTokens += Math.max(0, inTokens[slot]);
            outputTokens += Math.max(0, outTokens[slot]);
            costUsd += Double.isNaN(cost[slot]) ? 0 : cost[slot];
            errors += flags[slot] & 1;
            if ((flags[slot] & 2) == 0 && (root < 0 || started[slot] < started[root])) {
                root = slot;
                if (o != null) {
                    headAgent = o.agent();
                    headName = o.name();
                }
            }
            if (root < 0 && (head < 0 || started[slot] < started[head])) {
                head = slot;
                if (o != null) {
                    headAgent = o.agent();
                    headName = o.name();
                }
            }
        }

        /**
         * Recounts a run whose bounds, root or head a replacement may have moved, and drops the bytes of replaced
         * lines once they outweigh the live ones.
         */
        void settle(Function<byte[], Observation> parser) {
            if (deadBytes > 4096 && deadBytes > used - deadBytes) {
                compact();
            }
            if (!dirty) {
                return;
            }
            dirty = false;
            startedNanos = Long.MAX_VALUE;
            endedNanos = Long.MIN_VALUE;
            inputTokens = 0;
            outputTokens = 0;
            costUsd = 0;
            errors = 0;
            root = -1;
            head = -1;
            for (int s = 0; s < slots; s++) {
                if (offset[s] >= 0) {
                    add(s, null);
                }
            }
            int speaker = root >= 0 ? root : head;
            Observation o = parser.apply(Arrays.copyOfRange(data, offset[speaker], lineEnd(speaker) - 1));
            headAgent = o.agent();
            headName = o.name();
        }

        /** Moves the live slots to the front, in order, without the bytes of replaced lines. */
        private void compact() {
            byte[] d = new byte[Math.max(256, (used - deadBytes) + ((used - deadBytes) >> 1))];
            int at = 0;
            int n = 0;
            int newRoot = -1;
            int newHead = -1;
            for (int s = 0; s < slots; s++) {
                if (offset[s] < 0) {
                    continue;
                }
                int end = lineEnd(s);
                System.arraycopy(data, offset[s], d, at, end - offset[s]);
                newRoot = s == root ? n : newRoot;
                newHead = s == head ? n : newHead;
                offset[n] = at;
                idHash[n] = idHash[s];
                started[n] = started[s];
                ended[n] = ended[s];
                inTokens[n] = inTokens[s];
                outTokens[n] = outTokens[s];
                cost[n] = cost[s];
                flags[n] = flags[s];
                at += end - offset[s];
                n++;
            }
            data = d;
            used = at;
            slots = n;
            deadBytes = 0;
            root = newRoot;
            head = newHead;
            if (table != null) {
                rebuild();
            }
        }

        /** The live lines, newline-ended (a copy). */
        byte[] lines() {
            if (deadBytes == 0) {
                return Arrays.copyOf(data, used);
            }
            byte[] out = new byte[used - deadBytes];
            int at = 0;
            for (int s = 0; s < slots; s++) {
                if (offset[s] >= 0) {
                    int end = lineEnd(s);
                    System.arraycopy(data, offset[s], out, at, end - offset[s]);
                    at += end - offset[s];
                }
            }
            return out;
        }

        RunSummary summary() {
            return new RunSummary(runId, headAgent, headName, errors > 0 ? "error" : "ok", startedNanos,
                    endedNanos, live, errors, inputTokens, outputTokens, costUsd, root >= 0);
        }
    }
}
