package io.lakehouse.vectord.durability;

import io.lakehouse.vectord.index.ItemRecord;
import io.lakehouse.vectord.index.VectorIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Group commit for one index. Writers queue their mutations; one committer thread takes everything queued (up to a
 * batch limit), gives the records consecutive sequence numbers, writes them as one log segment object, applies them
 * to the item map in order and only then completes the writers' futures. While one segment is being written the
 * next batch accumulates, so concurrent writers share one durable write.
 */
public final class IndexLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IndexLog.class);

    /** A mutation before it has a sequence number: an upsert (vector set) or a delete (vector null). */
    public record Mutation(String id, float[] vector, JsonNode metadata) {
        public Mutation {
            Objects.requireNonNull(id, "id is null");
        }

        public static Mutation delete(String id) {
            return new Mutation(id, null, null);
        }

        boolean isDelete() {
            return vector == null;
        }
    }

    /** Told after every durable batch (records, bytes written), on the committer thread. */
    public interface CommitListener {
        void committed(int records, long bytes);
    }

    private record Pending(List<Mutation> mutations, CompletableFuture<List<LogRecord>> done) {
    }

    private final String name;
    private final IndexStorage storage;
    private final VectorIndex index;
    private final ArrayBlockingQueue<Pending> queue;
    private final int maxBatchRecords;
    private final long windowNanos;
    private final CommitListener listener;
    private final ReentrantLock applyLock = new ReentrantLock();
    private final Thread worker;
    private final AtomicLong logBytes = new AtomicLong();
    private volatile boolean closing;
    /** Last sequence number applied to the map; guarded by applyLock for writes. */
    private volatile long lastApplied;
    /** Next sequence number to hand out; touched only by the committer thread. */
    private long nextSeq;

    public IndexLog(String name, IndexStorage storage, VectorIndex index, long lastSeq, int queueCapacity,
                    int maxBatchRecords, long windowNanos, CommitListener listener) {
        this.name = name;
        this.storage = storage;
        this.index = index;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.maxBatchRecords = maxBatchRecords;
        this.windowNanos = windowNanos;
        this.listener = listener;
        this.lastApplied = lastSeq;
        this.nextSeq = lastSeq + 1;
        this.worker = Thread.ofPlatform().daemon().name("vectord-log-" + name).start(this::run);
    }

    /** Queues mutations; the future completes once they are durable and applied, or fails. Empty when full. */
    public CompletableFuture<List<LogRecord>> submit(List<Mutation> mutations) {
        if (closing) {
            return CompletableFuture.failedFuture(new IllegalStateException("index " + name + " is closing"));
        }
        CompletableFuture<List<LogRecord>> f = new CompletableFuture<>();
        if (!queue.offer(new Pending(List.copyOf(mutations), f))) {
            return null;
        }
        return f;
    }

    public long lastApplied() {
        return lastApplied;
    }

    public long logBytes() {
        return logBytes.get();
    }

    void setLogBytes(long bytes) {
        logBytes.set(bytes);
    }

    /** A consistent cut for a snapshot: the last applied sequence number and the items as of it. */
    public record Cut(long seq, List<ItemRecord> items) {
    }

    public Cut cut() {
        applyLock.lock();
        try {
            return new Cut(lastApplied, index.copyItems());
        } finally {
            applyLock.unlock();
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                int records = first.mutations().size();
                if (windowNanos > 0) {
                    long deadline = System.nanoTime() + windowNanos;
                    while (records < maxBatchRecords) {
                        long left = deadline - System.nanoTime();
                        Pending p = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                        if (p == null) {
                            break;
                        }
                        batch.add(p);
                        records += p.mutations().size();
                    }
                }
                while (records < maxBatchRecords) {
                    Pending p = queue.poll();
                    if (p == null) {
                        break;
                    }
                    batch.add(p);
                    records += p.mutations().size();
                }
                commit(batch);
            } catch (InterruptedException e) {
                if (closing) {
                    return;
                }
            } catch (Throwable t) {
                LOG.error("index {}: log committer failed", name, t);
                for (Pending p : batch) {
                    p.done().completeExceptionally(t);
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch) {
        List<LogRecord> all = new ArrayList<>();
        List<List<LogRecord>> per = new ArrayList<>(batch.size());
        long seq = nextSeq;
        for (Pending p : batch) {
            List<LogRecord> mine = new ArrayList<>(p.mutations().size());
            for (Mutation m : p.mutations()) {
                LogRecord r = m.isDelete() ? new LogRecord.Delete(seq, m.id())
                        : new LogRecord.Upsert(new ItemRecord(m.id(), m.vector(), m.metadata(), seq));
                seq++;
                mine.add(r);
                all.add(r);
            }
            per.add(mine);
        }
        // Sequence numbers of a failed write are burned, never reused: a segment name is never written twice.
        nextSeq = seq;
        long bytes;
        try {
            bytes = storage.writeSegment(all);
        } catch (IOException | RuntimeException e) {
            LOG.error("index {}: log write of {} records failed: {}", name, all.size(), e.toString());
            for (Pending p : batch) {
                p.done().completeExceptionally(e);
            }
            return;
        }
        applyLock.lock();
        try {
            for (LogRecord r : all) {
                apply(index, r);
            }
            lastApplied = all.getLast().seq();
        } finally {
            applyLock.unlock();
        }
        logBytes.addAndGet(bytes);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(per.get(i));
        }
        try {
            listener.committed(all.size(), bytes);
        } catch (RuntimeException e) {
            LOG.warn("index {}: commit listener failed: {}", name, e.toString());
        }
    }

    /** Applies one record to the item map (not the graph). */
    static void apply(VectorIndex index, LogRecord r) {
        switch (r) {
            case LogRecord.Upsert u -> index.applyUpsert(u.item());
            case LogRecord.Delete d -> index.applyDelete(d.id());
        }
    }

    /** Stops taking writes, commits what is queued, and stops the committer. */
    @Override
    public void close() {
        closing = true;
        try {
            worker.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending p; (p = queue.poll()) != null; ) {
            p.done().completeExceptionally(new IllegalStateException("index " + name + " is closing"));
        }
    }
}
