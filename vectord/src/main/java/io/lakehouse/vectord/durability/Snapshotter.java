package io.lakehouse.vectord.durability;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coalesced background snapshots of one index: at most one save in flight and one pending, whatever the write
 * rate, and at least {@code minInterval} between the starts of two saves. A save copies the item references under
 * the log's apply lock (writers pause for that copy only; searches never wait), writes the snapshot, then truncates.
 */
public final class Snapshotter {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);

    /** Observes saves for metrics. */
    public interface Listener {
        void saved(long seq, long bytes, long nanos);

        void failed(Exception e);
    }

    private final String name;
    private final int dim;
    private final IndexStorage storage;
    private final IndexLog log;
    private final ScheduledExecutorService executor;
    private final Duration minInterval;
    private final long everyRecords;
    private final long everyBytes;
    private final Path tmpDir;
    private final Listener listener;

    private final AtomicLong records = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong saves = new AtomicLong();
    private volatile long savedSeq;
    private volatile Instant lastSavedAt;

    // guarded by this
    private boolean running;
    private boolean pending;
    private boolean closed;
    private java.util.concurrent.ScheduledFuture<?> scheduled;
    private long lastStartNanos = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

    public Snapshotter(String name, int dim, IndexStorage storage, IndexLog log, ScheduledExecutorService executor,
                       Duration minInterval, long everyRecords, long everyBytes, long savedSeq, Instant lastSavedAt,
                       Path tmpDir, Listener listener) {
        this.name = name;
        this.dim = dim;
        this.storage = storage;
        this.log = log;
        this.executor = executor;
        this.minInterval = minInterval;
        this.everyRecords = everyRecords;
        this.everyBytes = everyBytes;
        this.savedSeq = savedSeq;
        this.lastSavedAt = lastSavedAt;
        this.tmpDir = tmpDir;
        this.listener = listener;
    }

    /** Called after every durable log batch: requests a save once enough log has built up. */
    public void committed(int n, long b) {
        long r = records.addAndGet(n);
        long by = bytes.addAndGet(b);
        if (r >= everyRecords || by >= everyBytes) {
            request();
        }
    }

    /** Whether the log holds records that no snapshot covers yet. */
    public boolean dirty() {
        return log.lastApplied() > savedSeq;
    }

    public long saves() {
        return saves.get();
    }

    public Instant lastSavedAt() {
        return lastSavedAt;
    }

    /** Asks for a save; coalesces with one in flight or already pending. */
    public synchronized void request() {
        if (closed) {
            return;
        }
        if (running) {
            pending = true;
            return;
        }
        running = true;
        schedule();
    }

    // guarded by this
    private void schedule() {
        long sinceLast = System.nanoTime() - lastStartNanos;
        long delay = Math.max(0, minInterval.toNanos() - sinceLast);
        try {
            scheduled = executor.schedule(this::runOnce, delay, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            running = false;
        }
    }

    private void runOnce() {
        synchronized (this) {
            lastStartNanos = System.nanoTime();
            scheduled = null;
        }
        try {
            if (!closedNow()) {
                saveNow();
            }
        } finally {
            synchronized (this) {
                if (pending && !closed) {
                    pending = false;
                    schedule();
                } else {
                    running = false;
                }
                notifyAll();
            }
        }
    }

    private synchronized boolean closedNow() {
        return closed;
    }

    /** Writes a snapshot of the current state if anything changed since the last one. Not concurrent with itself. */
    private void saveNow() {
        long start = System.nanoTime();
        try {
            records.set(0);
            bytes.set(0);
            IndexLog.Cut cut = log.cut();
            if (cut.seq() <= savedSeq) {
                return;
            }
            long size = storage.writeSnapshot(cut.seq(), dim, cut.items(), tmpDir);
            saves.incrementAndGet();
            savedSeq = cut.seq();
            lastSavedAt = Instant.now();
            storage.truncate(cut.seq());
            log.setLogBytes(storage.logBytesAfter(previousOrZero()));
            long nanos = System.nanoTime() - start;
            LOG.info("index {}: snapshot at seq {} ({} items, {} bytes) in {} ms", name, cut.seq(), cut.items().size(),
                    size, nanos / 1_000_000);
            listener.saved(cut.seq(), size, nanos);
        } catch (Exception e) {
            LOG.error("index {}: snapshot failed: {}", name, e.toString(), e);
            listener.failed(e);
        }
    }

    private long previousOrZero() {
        try {
            long prev = 0;
            for (var o : storage.snapshots()) {
                long s = IndexStorage.seqOf(o.key());
                if (s < savedSeq) {
                    prev = Math.max(prev, s);
                }
            }
            return prev;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /**
     * Stops scheduling saves, waits for one in flight, then (when {@code finalSave}) saves once more if the log is
     * ahead of the last snapshot: used at shutdown (save) and when the index is dropped (no save).
     */
    public void close(Duration timeout, boolean finalSave) {
        exclusive(timeout, true, finalSave);
    }

    /** Saves now if the log is ahead of the last snapshot, after any save in flight; returns when it is durable. */
    public void saveNow(Duration timeout) {
        exclusive(timeout, false, true);
    }

    private void exclusive(Duration timeout, boolean close, boolean save) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            if (close) {
                closed = true;
                pending = false;
            }
            if (scheduled != null && scheduled.cancel(false)) {
                scheduled = null;
                running = false;
            }
            while (running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("index {}: snapshot still running at shutdown; the log covers it", name);
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            running = true;
        }
        try {
            if (save && dirty()) {
                saveNow();
            }
        } finally {
            synchronized (this) {
                running = false;
                notifyAll();
            }
        }
    }
}
