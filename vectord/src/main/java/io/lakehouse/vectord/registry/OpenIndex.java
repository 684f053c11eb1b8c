package io.lakehouse.vectord.registry;

import io.lakehouse.vectord.durability.IndexLog;
import io.lakehouse.vectord.durability.LogRecord;
import io.lakehouse.vectord.durability.Snapshotter;
import io.lakehouse.vectord.embed.Embedder;
import io.lakehouse.vectord.index.IndexSettings;
import io.lakehouse.vectord.index.VectorIndex;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/** A loaded index: its graph and items, its log, its snapshotter, its embedder and its meters. */
public final class OpenIndex {
    private final IndexSettings settings;
    private final VectorIndex index;
    private final IndexLog log;
    private final Snapshotter snapshotter;
    private final Embedder embedder;
    private final Timer searchTimer;
    private final Timer upsertTimer;
    private final List<Meter> meters;
    private final Executor insertPool;
    private final int insertHelpers;
    /** Requests inserting into the graph right now: helpers only fill cores that they leave idle. */
    private final AtomicInteger inserting = new AtomicInteger();

    OpenIndex(IndexSettings settings, VectorIndex index, IndexLog log, Snapshotter snapshotter, Embedder embedder,
              Timer searchTimer, Timer upsertTimer, List<Meter> meters, Executor insertPool, int insertHelpers) {
        this.settings = settings;
        this.index = index;
        this.log = log;
        this.snapshotter = snapshotter;
        this.embedder = embedder;
        this.searchTimer = searchTimer;
        this.upsertTimer = upsertTimer;
        this.meters = meters;
        this.insertPool = insertPool;
        this.insertHelpers = insertHelpers;
    }

    public IndexSettings settings() {
        return settings;
    }

    public VectorIndex index() {
        return index;
    }

    public Embedder embedder() {
        return embedder;
    }

    public Snapshotter snapshotter() {
        return snapshotter;
    }

    public IndexLog log() {
        return log;
    }

    public Timer searchTimer() {
        return searchTimer;
    }

    /** Thrown when the log's queue is full: the caller should retry later. */
    public static final class Busy extends RuntimeException {
        Busy() {
            super("write queue full", null, false, false);
        }
    }

    /**
     * Logs the mutations durably, applies them, brings the graph in line, and returns the records. Throws
     * {@link Busy} when the queue is full and {@link ExecutionException}'s cause when the log write failed.
     */
    public List<LogRecord> write(List<IndexLog.Mutation> mutations) throws ExecutionException, InterruptedException {
        long start = System.nanoTime();
        CompletableFuture<List<LogRecord>> f = log.submit(mutations);
        if (f == null) {
            throw new Busy();
        }
        List<LogRecord> records = f.get();
        Set<String> ids = new LinkedHashSet<>();
        for (LogRecord r : records) {
            ids.add(r.id());
        }
        // A big batch is inserted on several cores, so one client can load at the speed of the machine; with several
        // requests inserting already, extra threads would only preempt lock holders (measured: 50 s of lock waits
        // in a 4-client load with 2 helpers each).
        int active = inserting.incrementAndGet();
        try {
            index.syncAll(new ArrayList<>(ids), insertPool, Math.max(0, insertHelpers + 1 - active));
        } finally {
            inserting.decrementAndGet();
        }
        upsertTimer.record(Duration.ofNanos(System.nanoTime() - start));
        return records;
    }

    void close(MeterRegistry registry, Duration timeout, boolean finalSave) {
        log.close();
        snapshotter.close(timeout, finalSave);
        meters.forEach(registry::remove);
    }
}
