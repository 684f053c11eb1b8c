package io.lakehouse.pathwayd.memory;

import io.lakehouse.journal.Entry;
import io.lakehouse.journal.Journal;
import io.lakehouse.journal.JournalFullException;
import io.lakehouse.pathwayd.PathwaydError;
import io.lakehouse.shared.web.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every operation through the journal: decide, append, apply once durable, answer.
 *
 * <p>Two folds of the same operations are kept. {@code decided} holds every operation the state machine accepted,
 * including those not yet durable, so the next decision sees them (two REVISEs racing to close a cycle: the second
 * is decided against the first). {@code live} holds only durable operations, applied on the journal's committer
 * thread before the writer is answered; every read is served from it, so nothing is visible before it is durable.
 * Decisions and appends happen under one lock, so journal order is decision order. If the journal fails, every
 * later append is refused (it fails closed), so {@code decided} running ahead of the log cannot leak anywhere.
 */
public final class MemoryService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryService.class);

    /** Told about each durable operation, on the committer thread, after {@link #live()} has it. Must be quick. */
    @FunctionalInterface
    public interface ChangeListener {
        void changed(long seq, Operation op);
    }

    /**
     * @param writeTimeout     how long a writer waits for durability before answering 503
     * @param snapshotEvery    operations between snapshots, at least (once the state holds more than twice as many
     *                         history entries, half its size)
     * @param snapshotTmpDir   where a snapshot is staged before upload
     * @param snapshotCpuShare the share of one core a background snapshot may use, (0, 1]; 1 = unpaced (the final
     *                         snapshot at close and explicit {@link #snapshot()} calls are never paced)
     */
    public record Settings(Duration writeTimeout, long snapshotEvery, Path snapshotTmpDir, double snapshotCpuShare) {
        public Settings {
            if (!(snapshotCpuShare > 0 && snapshotCpuShare <= 1)) {
                throw new IllegalArgumentException("snapshot cpu share must be in (0, 1]: " + snapshotCpuShare);
            }
        }

        /** Background snapshots unpaced. */
        public Settings(Duration writeTimeout, long snapshotEvery, Path snapshotTmpDir) {
            this(writeTimeout, snapshotEvery, snapshotTmpDir, 1.0);
        }
    }

    private final Journal journal;
    private final Codec codec;
    private final MemoryStateMachine machine;
    private final Settings settings;
    private final MeterRegistry meters;
    private final MemoryState live = new MemoryState(true);
    private final MemoryState decided = new MemoryState(false);
    private final ReentrantLock lock = new ReentrantLock();
    /** Accepted operations not yet durable, in journal order; the committer takes them as their entries land. */
    private final ConcurrentLinkedDeque<Operation> inFlight = new ConcurrentLinkedDeque<>();
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final ExecutorService snapshotter = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("pathwayd-snapshot").factory());
    private final AtomicBoolean snapshotQueued = new AtomicBoolean();
    /** Held while a snapshot is written; private, so nothing on the write path can ever wait for a paced one. */
    private final Object snapshotMonitor = new Object();
    /** Counted down by close(): a paced background snapshot stops at its next pause instead of finishing. */
    private final CountDownLatch closing = new CountDownLatch(1);
    /** The pacer of the background snapshot being written, if any (tests watch it). */
    private volatile SnapshotPacer activePacer;
    private volatile long lastSnapshotSeq;
    private volatile boolean loaded;
    private volatile LongSupplier compactionHold = () -> Long.MAX_VALUE;

    public MemoryService(Journal journal, Codec codec, MemoryStateMachine machine, Settings settings,
                         MeterRegistry meters) {
        this.journal = journal;
        this.codec = codec;
        this.machine = machine;
        this.settings = settings;
        this.meters = meters;
    }

    public void addListener(ChangeListener l) {
        listeners.add(l);
    }

    /** Journal positions compaction must keep (followers' cursors). */
    public void compactionHold(LongSupplier hold) {
        this.compactionHold = hold;
    }

    /** Recovers from the newest snapshot plus the journal after it, then starts taking writes. */
    public void start() throws IOException {
        long t0 = System.nanoTime();
        long snap = journal.loadSnapshot(in -> codec.readSnapshot(in, live::applyEntry));
        live.setSeq(snap);
        long replayed = journal.replay(snap, e -> live.apply(e.seq(), codec.decode(e.payload())));
        live.setSeq(Math.max(replayed, snap));
        decided.copyFrom(live);
        lastSnapshotSeq = snap;
        journal.start(this::durable);
        loaded = true;
        LOG.info("pathwayd: {} memories loaded (snapshot at {}, journal replayed to {}) in {} ms", live.size(), snap,
                live.seq(), (System.nanoTime() - t0) / 1_000_000);
    }

    public boolean loaded() {
        return loaded;
    }

    public boolean healthy() {
        return loaded && journal.healthy();
    }

    /** The durable state every read is served from. */
    public MemoryState live() {
        return live;
    }

    public Journal journal() {
        return journal;
    }

    /** Decides, journals and applies one command; answers once durable. */
    public MemoryStateMachine.Decision submit(Command command) {
        return submitAll(List.of(command)).getFirst();
    }

    /**
     * Decides every command against the state including the earlier ones, and journals the accepted operations as one
     * group (one segment: all durable or none). A rejection of any command rejects the batch and changes nothing.
     */
    public List<MemoryStateMachine.Decision> submitAll(List<Command> commands) {
        requireLoaded();
        // A batch is decided without applying between its commands, which is only right when they cannot depend on
        // each other: ADDs.
        if (commands.size() > 1 && !commands.stream().allMatch(c -> c instanceof Command.Add)) {
            throw new IllegalArgumentException("only ADDs can be submitted as a batch");
        }
        List<MemoryStateMachine.Decision> decisions = new ArrayList<>(commands.size());
        CompletableFuture<Long> durable = null;
        lock.lock();
        try {
            List<Operation> ops = new ArrayList<>(commands.size());
            List<byte[]> payloads = new ArrayList<>(commands.size());
            for (Command c : commands) {
                MemoryStateMachine.Decision d = decide(c, decided);
                if (d.operation() != null) {
                    Operation op = d.operation();
                    // The memory is serialized once: into the entry, and as the answer when it is the result.
                    byte[] primary = codec.memory(op.primary());
                    payloads.add(codec.encode(op, primary));
                    ops.add(op);
                    if (d.result() == op.primary()) {
                        d = d.withResultJson(primary);
                    }
                }
                decisions.add(d);
            }
            if (!ops.isEmpty()) {
                // Queued before the append: the committer may make the entries durable before append() returns.
                ops.forEach(inFlight::addLast);
                try {
                    durable = journal.append(payloads);
                } catch (JournalFullException e) {
                    ops.forEach(o -> inFlight.pollLast());
                    count(commands.getFirst(), "journal_full");
                    throw new ApiException(PathwaydError.JOURNAL_FULL, e.getMessage());
                }
                if (durable.isCompletedExceptionally() && !journal.healthy()) {
                    ops.forEach(o -> inFlight.pollLast());
                } else {
                    for (Operation op : ops) {
                        decided.apply(0, op);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        if (durable != null) {
            await(durable, commands.getFirst());
        }
        for (int i = 0; i < commands.size(); i++) {
            count(commands.get(i), decisions.get(i).operation() == null ? "noop" : "ok");
        }
        return decisions;
    }

    private MemoryStateMachine.Decision decide(Command c, MemoryState view) {
        try {
            return machine.decide(c, view);
        } catch (Rejected r) {
            count(c, r.code().code());
            throw r;
        }
    }

    private void await(CompletableFuture<Long> durable, Command c) {
        try {
            durable.get(settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            count(c, "journal_unavailable");
            throw new ApiException(PathwaydError.JOURNAL_UNAVAILABLE, "the operation could not be made durable: "
                    + e.getCause().getMessage());
        } catch (TimeoutException e) {
            count(c, "journal_unavailable");
            throw new ApiException(PathwaydError.JOURNAL_UNAVAILABLE, "the operation was not durable within "
                    + settings.writeTimeout() + "; it may still complete");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(PathwaydError.JOURNAL_UNAVAILABLE, "interrupted while waiting for the journal");
        }
    }

    private void requireLoaded() {
        if (!loaded) {
            throw new ApiException(PathwaydError.LOADING, "memories are still loading from the journal");
        }
    }

    /** The journal's durable listener: apply in sequence order, then tell the followers. */
    private void durable(List<Entry> entries) {
        for (Entry e : entries) {
            Operation op = inFlight.pollFirst();
            if (op == null) {
                // Cannot happen while every append goes through submitAll; decode rather than lose the entry.
                LOG.error("pathwayd: durable entry {} without an in-flight operation; decoding it", e.seq());
                op = codec.decode(e.payload());
            }
            live.apply(e.seq(), op);
            for (ChangeListener l : listeners) {
                try {
                    l.changed(e.seq(), op);
                } catch (RuntimeException ex) {
                    LOG.error("pathwayd: change listener failed at seq {}", e.seq(), ex);
                }
            }
        }
        // A snapshot writes the whole state: taken every snapshotEvery operations only, its cost per operation would
        // grow with the state (20 entries written per operation at a million). Waiting for at least half the state's
        // size in new operations keeps it at most ~3 per operation, and start-up replays at most that half.
        long every = snapshotInterval();
        if (live.seq() - lastSnapshotSeq >= every && snapshotQueued.compareAndSet(false, true)) {
            snapshotter.execute(this::snapshotQuietly);
        }
    }

    /** Operations between two background snapshots. */
    private long snapshotInterval() {
        return Math.max(settings.snapshotEvery(), live.entries() / 2);
    }

    /**
     * The configured share, raised in proportion when snapshots fall behind: a snapshot is queued as soon as the
     * operations since the last reach the interval, so more than one interval since the last means the previous one
     * took longer than the interval at its share. Raising the share by that ratio brings the next one back on time
     * (at most unpaced), so a write rate the configured share cannot keep up with still gets snapshots, and
     * start-up's replay and the journal kept stay bounded.
     */
    double snapshotShare() {
        double behind = (double) (live.seq() - lastSnapshotSeq) / snapshotInterval();
        return Math.min(1.0, settings.snapshotCpuShare() * Math.max(1.0, behind));
    }

    private void snapshotQuietly() {
        try {
            snapshot(new SnapshotPacer(snapshotShare(), closing));
        } catch (SnapshotPacer.Stopped e) {
            LOG.info("pathwayd: background {}; the final snapshot follows", e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.error("pathwayd: snapshot failed (start-up will replay more of the journal)", e);
        } finally {
            // Only now: cleared before the write, every durable batch during it (lastSnapshotSeq not moved yet)
            // queued a second snapshot of nearly the same state right behind the first.
            snapshotQueued.set(false);
        }
    }

    /**
     * Writes a snapshot of the durable state, unpaced, and drops journal segments it and the followers no longer
     * need. Waits for a background snapshot being written (it holds the same monitor).
     */
    public long snapshot() throws IOException {
        return snapshot(SnapshotPacer.UNPACED);
    }

    /**
     * The pacer sleeps inside the write, holding only {@link #snapshotMonitor}: the committer and the request threads
     * never take it, and the state it reads is immutable entries in append-only histories, so a write that takes a
     * minute is as consistent as one that takes a second and blocks no writer.
     */
    private long snapshot(SnapshotPacer pacer) throws IOException {
        synchronized (snapshotMonitor) {
            long seq = live.seq();
            if (seq <= lastSnapshotSeq) {
                return lastSnapshotSeq;
            }
            long t0 = System.nanoTime();
            long size;
            activePacer = pacer;
            try {
                size = journal.writeSnapshot(seq, out -> codec.writeSnapshot(live, seq, out, pacer),
                        settings.snapshotTmpDir());
            } finally {
                activePacer = null;
            }
            lastSnapshotSeq = seq;
            int deleted = journal.compact(compactionHold.getAsLong());
            if (pacer.paced()) {
                LOG.info("pathwayd: snapshot at seq {} ({} bytes) in {} ms, paced to {} of a core ({} ms of CPU "
                                + "measured, {} ms of pauses); {} journal objects compacted", seq, size,
                        (System.nanoTime() - t0) / 1_000_000, String.format("%.2f", pacer.share()),
                        pacer.cpuNanos() / 1_000_000, pacer.sleptNanos() / 1_000_000, deleted);
            } else {
                LOG.info("pathwayd: snapshot at seq {} ({} bytes) in {} ms; {} journal objects compacted", seq, size,
                        (System.nanoTime() - t0) / 1_000_000, deleted);
            }
            return seq;
        }
    }

    /** The pacer of the background snapshot being written, or null. */
    SnapshotPacer activePacer() {
        return activePacer;
    }

    public long lastSnapshotSeq() {
        return lastSnapshotSeq;
    }

    private void count(Command c, String outcome) {
        if (meters == null) {
            return;
        }
        String op = switch (c) {
            case Command.Add a -> "ADD";
            case Command.Update u -> "UPDATE";
            case Command.Revise r -> "REVISE";
            case Command.Retire r -> "RETIRE";
            case Command.PutPlaybook p -> "PUT_PLAYBOOK";
        };
        counters.computeIfAbsent(op + "/" + outcome, k -> Counter.builder("pathwayd.operations")
                .description("Memory operations by type and outcome").tag("op", op).tag("outcome", outcome)
                .register(meters)).increment();
    }

    /** Stops taking writes, commits what is queued, and writes a final snapshot. */
    @Override
    public void close() {
        if (!loaded) {
            return;
        }
        loaded = false;
        // First: a paced background snapshot ends at its next pause (within one chunk of work) instead of running on
        // for up to 1/share times its CPU; the final one below is written unpaced, so shutdown never waits on pacing.
        closing.countDown();
        journal.close();
        snapshotter.shutdown();
        try {
            snapshotter.awaitTermination(30, TimeUnit.SECONDS);
            if (journal.failure() == null) {
                snapshot();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("pathwayd: final snapshot failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
