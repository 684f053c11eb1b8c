package io.lakehouse.observerd.runs;

import io.lakehouse.observerd.observation.Observation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The runs in memory, bounded by a number of observations: when a batch takes the index past it, the runs touched
 * least recently leave first. One writer (the journal's committer) and many readers.
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
    private long observations;
    private long evictedRuns;
    private long appliedSeq;

    public RunIndex(long maxObservations) {
        this.maxObservations = maxObservations;
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
                    run = new Run(e.getKey());
                } else {
                    byStart.remove(run);
                }
                for (Observation o : e.getValue()) {
                    observations += run.put(o);
                }
                run.settle();
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

    /** A run's observations, copied under the lock. */
    public Optional<RunView> get(String runId) {
        lock.readLock().lock();
        try {
            Run r = runs.get(runId);
            return r == null ? Optional.empty() : Optional.of(r.view());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Summaries of the runs matching {@code filter}, newest first, starting after {@code after} (exclusive). */
    public List<RunSummary> list(Predicate<RunSummary> filter, RunSummary.Cursor after, int limit) {
        lock.readLock().lock();
        try {
            List<RunSummary> page = new ArrayList<>(Math.min(limit, 256));
            NavigableSet<Run> from = byStart;
            if (after != null) {
                Run probe = new Run(after.runId());
                probe.probeStart(after.startedNanos());
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

    /** Every kept observation's canonical line and the journal position they reflect (for a snapshot). */
    public long forEachLine(Consumer<byte[]> line) {
        lock.readLock().lock();
        try {
            for (Run r : runs.values()) {
                r.forEach(o -> line.accept(o.line()));
            }
            return appliedSeq;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Copies what a snapshot needs under the lock, so the slow write happens outside it. */
    public Snapshot snapshot() {
        List<byte[]> lines = new ArrayList<>((int) Math.min(observations, Integer.MAX_VALUE - 8));
        long seq = forEachLine(lines::add);
        return new Snapshot(seq, lines);
    }

    /** A consistent copy: the lines of every kept observation as of journal entry {@code seq}. */
    public record Snapshot(long seq, List<byte[]> lines) {
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

    /** One run: its observations by id (the last one written for an id wins) and running totals. */
    static final class Run {
        private final String runId;
        private final HashMap<String, Observation> byId = new HashMap<>(8);
        private long startedNanos = Long.MAX_VALUE;
        private long endedNanos = Long.MIN_VALUE;
        private long inputTokens;
        private long outputTokens;
        private double costUsd;
        private int errors;
        private Observation root;

        Run(String runId) {
            this.runId = runId;
        }

        String runId() {
            return runId;
        }

        long startedNanos() {
            return startedNanos;
        }

        void probeStart(long nanos) {
            startedNanos = nanos;
        }

        int size() {
            return byId.size();
        }

        private boolean dirty;

        /**
         * Returns 1 when the observation is new, 0 when it replaced one with the same id (a client retry). Sums
         * follow incrementally; a replaced observation that held the start, end or root marks the run for one
         * recount in {@link #settle}, so a batch of replacements costs one pass, not one per observation.
         */
        int put(Observation o) {
            Observation old = byId.put(o.observationId(), o);
            if (old != null) {
                inputTokens -= Math.max(0, old.inputTokens());
                outputTokens -= Math.max(0, old.outputTokens());
                costUsd -= old.hasCost() ? old.costUsd() : 0;
                errors -= old.error() ? 1 : 0;
                dirty |= old == root || old.startedNanos() == startedNanos || old.endedNanos() == endedNanos;
                add(o);
                return 0;
            }
            add(o);
            return 1;
        }

        /** Recounts a run whose bounds or root a replacement may have moved. */
        void settle() {
            if (dirty) {
                dirty = false;
                recompute();
            }
        }

        private void add(Observation o) {
            startedNanos = Math.min(startedNanos, o.startedNanos());
            endedNanos = Math.max(endedNanos, o.endedNanos());
            inputTokens += Math.max(0, o.inputTokens());
            outputTokens += Math.max(0, o.outputTokens());
            costUsd += o.hasCost() ? o.costUsd() : 0;
            errors += o.error() ? 1 : 0;
            if (o.parentId() == null && (root == null || o.startedNanos() < root.startedNanos())) {
                root = o;
            }
        }

        private void recompute() {
            startedNanos = Long.MAX_VALUE;
            endedNanos = Long.MIN_VALUE;
            inputTokens = 0;
            outputTokens = 0;
            costUsd = 0;
            errors = 0;
            root = null;
            byId.values().forEach(this::add);
        }

        void forEach(Consumer<Observation> c) {
            byId.values().forEach(c);
        }

        RunView view() {
            return new RunView(summary(), List.copyOf(byId.values()));
        }

        RunSummary summary() {
            Observation head = root;
            if (head == null) {
                // No root yet (spans of one trace arrive in any order): the earliest observation speaks for the run.
                for (Observation o : byId.values()) {
                    if (head == null || o.startedNanos() < head.startedNanos()) {
                        head = o;
                    }
                }
            }
            return new RunSummary(runId, head.agent(), head.name(), errors > 0 ? "error" : "ok", startedNanos,
                    endedNanos, byId.size(), errors, inputTokens, outputTokens, costUsd, root != null);
        }
    }
}
