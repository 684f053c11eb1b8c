package io.lakehouse.pathwayd.search;

import io.lakehouse.journal.JournalCursor;
import io.lakehouse.pathwayd.PathwaydProperties;
import io.lakehouse.pathwayd.memory.Change;
import io.lakehouse.pathwayd.memory.Codec;
import io.lakehouse.pathwayd.memory.Memory;
import io.lakehouse.pathwayd.memory.MemoryService;
import io.lakehouse.pathwayd.memory.Operation;
import io.lakehouse.shared.peer.PeerException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the vectord index in step with the durable state, asynchronously: every durable operation marks the memories
 * it touched; one thread pushes their current state (active: upsert text and metadata; otherwise: delete) and moves
 * a persisted {@link JournalCursor} to the last sequence number fully indexed. When vectord is unreachable it retries
 * with backoff and catches up by itself when vectord returns; writes never wait for it. A restart resumes from the
 * cursor (the journal after it names the memories to push again; pushing twice is harmless).
 */
public final class IndexFeeder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IndexFeeder.class);
    public static final String CURSOR = "vectord-index";
    /**
     * After a batch that was not full, how long the feeder lets changes gather before the next call: without it,
     * every durable operation woke it for a call to vectord with one or two items, which under a steady write load
     * cost both daemons more CPU than the writes (and the index gets no fresher than this anyway).
     */
    static final long LINGER_MS = 20;

    private final MemoryService service;
    private final VectordIndex index;
    private final JournalCursor cursor;
    private final Codec codec;
    private final PathwaydProperties.Index settings;
    /** Memory id -> the last seq that touched it, for memories not yet pushed. */
    private final ConcurrentHashMap<String, Long> dirty = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled by new changes: ends an idle wait. */
    private final Condition wake = lock.newCondition();
    /** Signalled only by {@link #close}: ends a backoff or linger wait, which new changes must not cut short. */
    private final Condition stop = lock.newCondition();
    /** True while the worker waits in {@link #idle}: only then does a change need to signal it. */
    private volatile boolean idling;
    private volatile long observed;
    private volatile long position;
    private volatile boolean available;
    private volatile boolean indexReady;
    private volatile boolean closing;
    private volatile String lastError = "not started";
    private volatile long savedPosition = -1;
    private long lastSave;
    private Thread worker;

    public IndexFeeder(MemoryService service, VectordIndex index, JournalCursor cursor, Codec codec,
                       PathwaydProperties.Index settings, MeterRegistry meters) {
        this.service = service;
        this.index = index;
        this.cursor = cursor;
        this.codec = codec;
        this.settings = settings;
        if (meters != null) {
            Gauge.builder("pathwayd.index.lag", this, IndexFeeder::lag)
                    .description("Memories whose latest change the vectord index does not reflect yet").register(meters);
            Gauge.builder("pathwayd.index.available", this, f -> f.available ? 1 : 0)
                    .description("1 while the last call to vectord succeeded").register(meters);
        }
    }

    /** Starts following: marks what the journal holds after the saved cursor, then runs the push loop. */
    public void start() throws IOException {
        service.addListener(this::changed);
        long from = cursor.load();
        position = from;
        savedPosition = from;
        observed = Math.max(observed, service.live().seq());
        if (from == 0) {
            // Never indexed (or search switched on over an existing store whose journal is compacted): push all.
            long now = service.live().seq();
            service.live().all().forEach(m -> dirty.merge(m.id(), now, Math::max));
        } else if (from < service.live().seq()) {
            service.journal().replay(from, e -> mark(e.seq(), codec.decode(e.payload())));
        }
        worker = Thread.ofPlatform().daemon().name("pathwayd-index-feeder").start(this::run);
    }

    private void changed(long seq, Operation op) {
        mark(seq, op);
        if (idling) {
            lock.lock();
            try {
                wake.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    private void mark(long seq, Operation op) {
        for (Change c : op.changes()) {
            dirty.merge(c.memoryId(), seq, Math::max);
        }
        if (seq > observed) {
            observed = seq;
        }
    }

    /**
     * Memories whose latest durable change the index does not reflect yet (a memory changed ten times while vectord
     * was down counts once). The persisted cursor, by contrast, only passes a sequence number once everything up to
     * it is indexed.
     */
    public long lag() {
        return dirty.size();
    }

    public boolean available() {
        return available;
    }

    public String lastError() {
        return lastError;
    }

    /** The last seq fully indexed. */
    public long position() {
        return position;
    }

    private void run() {
        long backoff = settings.retryMin().toMillis();
        while (!closing) {
            try {
                if (!indexReady) {
                    index.ensure();
                    indexReady = true;
                    LOG.info("pathwayd: vectord index {} ready", index.name());
                }
                int pushed = pushOnce();
                available = true;
                lastError = null;
                backoff = settings.retryMin().toMillis();
                advance();
                if (pushed == 0) {
                    idle();
                } else if (pushed < settings.batchSize()) {
                    sleep(LINGER_MS);
                }
            } catch (PeerException e) {
                if (available || !String.valueOf(e.getMessage()).equals(lastError)) {
                    LOG.warn("pathwayd: vectord unavailable, index {} behind by {} memories: {}", index.name(), lag(),
                            e.getMessage());
                }
                available = false;
                lastError = e.getMessage();
                if (e.status() == 404 && "index_not_found".equals(e.code())) {
                    // vectord lost the index (a new lake): recreate it and push every memory again.
                    indexReady = false;
                    long now = observed;
                    service.live().all().forEach(m -> dirty.merge(m.id(), now, Math::max));
                }
                sleep(backoff);
                backoff = Math.min(backoff * 2, settings.retryMax().toMillis());
            } catch (RuntimeException e) {
                available = false;
                lastError = e.toString();
                LOG.error("pathwayd: index feeder failed; retrying", e);
                sleep(backoff);
                backoff = Math.min(backoff * 2, settings.retryMax().toMillis());
            }
        }
    }

    /** Pushes one batch of dirty memories; returns how many. */
    private int pushOnce() {
        Map<String, Long> batch = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : dirty.entrySet()) {
            batch.put(e.getKey(), e.getValue());
            if (batch.size() >= settings.batchSize()) {
                break;
            }
        }
        if (batch.isEmpty()) {
            return 0;
        }
        List<VectordIndex.Item> upserts = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        for (String id : batch.keySet()) {
            Memory m = service.live().get(id).orElse(null);
            if (m != null && m.active()) {
                upserts.add(item(m));
            } else {
                deletes.add(id);
            }
        }
        index.upsert(upserts);
        for (String id : deletes) {
            index.delete(id);
        }
        // Only if nothing touched them meanwhile; otherwise the newer state goes in a later batch.
        batch.forEach(dirty::remove);
        return batch.size();
    }

    static VectordIndex.Item item(Memory m) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("state", m.state().wire());
        meta.put("kind", m.kind().wire());
        putIfSet(meta, "user_id", m.scope().userId());
        putIfSet(meta, "agent_id", m.scope().agentId());
        putIfSet(meta, "run_id", m.scope().runId());
        meta.put("is_playbook", m.playbook() != null);
        putIfSet(meta, "playbook", m.playbook());
        StringBuilder text = new StringBuilder(m.content());
        if (m.steps() != null) {
            m.steps().forEach(s -> text.append('\n').append(s.isString() ? s.asString() : s.toString()));
        }
        return new VectordIndex.Item(m.id(), text.toString(), meta);
    }

    private static void putIfSet(Map<String, Object> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    /** Moves the cursor to what is fully indexed and saves it now and then. */
    private void advance() {
        long seen = observed; // read before the dirty set: anything up to it that is unindexed is still in there
        long min = Long.MAX_VALUE;
        for (long s : dirty.values()) {
            min = Math.min(min, s);
        }
        long p = min == Long.MAX_VALUE ? seen : min - 1;
        if (p > position) {
            position = p;
        }
        long now = System.nanoTime();
        if (position != savedPosition && (now - lastSave > settings.cursorSaveInterval().toNanos() || closing)) {
            try {
                cursor.save(position);
                savedPosition = position;
                lastSave = now;
            } catch (IOException e) {
                LOG.warn("pathwayd: index cursor not saved: {}", e.toString());
            }
        }
    }

    private void idle() {
        lock.lock();
        try {
            // Set before looking at the dirty set: a change that finds it false was marked before that look.
            idling = true;
            if (dirty.isEmpty() && !closing) {
                wake.await(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            idling = false;
            lock.unlock();
        }
    }

    /** Waits {@code ms} unless closing; changes do not end it (a retry loop must not spin at the write rate). */
    private void sleep(long ms) {
        lock.lock();
        try {
            if (!closing) {
                stop.await(ms, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** The persisted cursor (what compaction must keep after). */
    public long savedPosition() {
        return savedPosition;
    }

    @Override
    public void close() {
        closing = true;
        lock.lock();
        try {
            wake.signalAll();
            stop.signalAll();
        } finally {
            lock.unlock();
        }
        if (worker != null) {
            try {
                worker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (available && position != savedPosition) {
            try {
                cursor.save(position);
                savedPosition = position;
            } catch (IOException e) {
                LOG.warn("pathwayd: index cursor not saved at shutdown: {}", e.toString());
            }
        }
    }
}
