package io.lakehouse.journal;

import io.lakehouse.store.AppendableObject;
import io.lakehouse.store.ObjectBusyException;
import io.lakehouse.store.ObjectInfo;
import io.lakehouse.store.ObjectKey;
import io.lakehouse.store.ObjectStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only journal in the object store with group commit, for daemons whose state is a fold of their
 * operations (pathwayd, observerd).
 *
 * <p>Layout under {@code journal/<name>/}: {@code log/<lastSeq>.seg} are immutable segments (named by the last
 * sequence number they hold, zero-padded so names sort), {@code log/<firstSeq>.open} at most one open segment being
 * appended to, {@code snap/<seq>.snap} a caller-written snapshot of the state as of {@code seq} with a CRC32C
 * trailer, {@code cursors/} the positions of followers.
 *
 * <p>Writers call {@link #append}; one committer thread takes everything queued (up to the batch limits), numbers the
 * entries consecutively and makes them durable in one write, calls the {@link DurableListener} in sequence order and
 * only then completes the writers' futures, so concurrent writers share one durable write. How a group is made
 * durable depends on the store (ADR 0004): where objects can be appended in place (the file system) it is appended
 * to the open segment and fdatasync'ed, and the open segment is sealed into a {@code .seg} once it reaches
 * {@link JournalSettings#segmentBytes}; elsewhere (S3) each group is one create-only {@code .seg} object. Both fence a
 * second writer on the same store (the open segment is created create-only and held under an exclusive lock, and no
 * other open segment may exist; segment names are create-only): it fails instead of interleaving.
 *
 * <p>A segment write that keeps failing past the retry budget fails the journal: every queued and later append is
 * refused until the daemon restarts and recovers from the store. That keeps the in-memory state a daemon derives
 * from acknowledged appends from ever running ahead of a hole in the log.
 *
 * <p>Start-up: {@link #open}, then {@link #loadSnapshot} (newest one whose checksum holds), {@link #replay} of the
 * entries after it, then {@link #start}.
 */
public final class Journal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final String SEG_MAGIC = "LHJSEG01";
    private static final String SNAP_MAGIC = "LHJSNP01";
    private static final String SNAP_END = "LHJSEND1";
    private static final String SEG = ".seg";
    private static final String OPEN = ".open";

    /** Told about every durable batch, in sequence order, on the committer thread, before the appenders are. */
    @FunctionalInterface
    public interface DurableListener {
        void durable(List<Entry> entries);
    }

    /** Writes the caller's state as of a sequence number. */
    @FunctionalInterface
    public interface SnapshotWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Reads back what a {@link SnapshotWriter} wrote. */
    @FunctionalInterface
    public interface SnapshotReader {
        void read(InputStream in) throws IOException;
    }

    private record Pending(List<byte[]> payloads, int bytes, CompletableFuture<Long> done) {
    }

    /**
     * One object under {@code log/}: a sealed segment ({@code seq} = its last entry) or an open one ({@code seq} =
     * its first entry). In {@code seq} order, with an open segment before a sealed one of the same number, every
     * entry comes after the ones before it except when an open segment and its sealed copy both exist (a crash while
     * sealing): readers skip entries at or below the last one they read.
     */
    private record LogObject(ObjectInfo info, long seq, boolean open) {
    }

    private final ObjectStore store;
    private final String name;
    private final JournalSettings settings;
    private final ArrayBlockingQueue<Pending> queue;
    private final Timer flushTimer;
    private final DistributionSummary batchSize;
    private final Counter entriesCounter;
    private final Counter bytesCounter;
    private volatile long lastSeq;
    private volatile long lastDurable;
    private volatile Throwable failure;
    private volatile boolean closing;
    private Thread worker;
    // Committer-thread state of the open segment (stores that append in place); null when there is none.
    private AppendableObject active;
    private volatile ObjectKey activeKey;
    private long activeLast;
    private boolean appendUnsupported;
    private boolean recovered;
    /** Whether appends queued while the last group was made durable (the committer thread's own). */
    private boolean crowded;
    private DurableListener listener = entries -> { };

    private Journal(ObjectStore store, String name, JournalSettings settings, MeterRegistry registry, long lastSeq) {
        this.store = store;
        this.name = name;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.lastSeq = lastSeq;
        this.lastDurable = lastSeq;
        if (registry != null) {
            this.flushTimer = Timer.builder("lakehouse.journal.flush").tag("journal", name)
                    .description("Time to make one group commit durable in the store")
                    .publishPercentileHistogram().register(registry);
            this.batchSize = DistributionSummary.builder("lakehouse.journal.batch.entries").tag("journal", name)
                    .description("Entries per group commit").register(registry);
            this.entriesCounter = Counter.builder("lakehouse.journal.entries").tag("journal", name).register(registry);
            this.bytesCounter = Counter.builder("lakehouse.journal.bytes").tag("journal", name).register(registry);
            Gauge.builder("lakehouse.journal.queue", queue, ArrayBlockingQueue::size).tag("journal", name)
                    .description("Appends waiting for the committer").register(registry);
        } else {
            this.flushTimer = null;
            this.batchSize = null;
            this.entriesCounter = null;
            this.bytesCounter = null;
        }
    }

    /** Opens the journal {@code journal/<name>/}; finds the last sequence number but does not read entries yet. */
    public static Journal open(ObjectStore store, String name, JournalSettings settings, MeterRegistry registry)
            throws IOException {
        ObjectKey.of("journal", name); // validates the name as a key segment
        long last = 0;
        for (LogObject o : logObjects(store, name)) {
            last = Math.max(last, o.open() ? scanOpen(store, o.info().key()).lastSeq() : o.seq());
        }
        return new Journal(store, name, settings, registry, last);
    }

    public String name() {
        return name;
    }

    /** The highest sequence number written (durable). */
    public long lastSeq() {
        return lastDurable;
    }

    /** Whether appends are accepted: started, not closing, not failed. */
    public boolean healthy() {
        return worker != null && !closing && failure == null;
    }

    /** Why the journal failed, or null. */
    public Throwable failure() {
        return failure;
    }

    public int queued() {
        return queue.size();
    }

    // ---- recovery ----

    /**
     * Feeds the newest intact snapshot to {@code reader} and returns its sequence number; 0 (reader not called) when
     * there is none. A snapshot that fails its checksum, or that the reader rejects, is skipped for the one before.
     */
    public long loadSnapshot(SnapshotReader reader) throws IOException {
        List<ObjectInfo> snaps = snapshots();
        for (int i = snaps.size() - 1; i >= 0; i--) {
            ObjectInfo snap = snaps.get(i);
            Optional<byte[]> bytes = store.getBytes(snap.key());
            if (bytes.isEmpty()) {
                continue;
            }
            byte[] b = bytes.get();
            try {
                InputStream body = verifiedSnapshotBody(b);
                reader.read(body);
                return seqOf(snap.key());
            } catch (IOException | RuntimeException e) {
                LOG.error("journal {}: snapshot {} unusable ({}); trying an older one", name, snap.key(), e.toString());
            }
        }
        return 0;
    }

    /**
     * Calls {@code consumer} for every entry with seq > {@code after}, in order, reading segments from the store.
     * A damaged frame ends its segment: in the newest segment that is a torn tail and is ignored; in an older one
     * it is reported loudly and the entries after the damage in that segment are skipped. Returns the last seq read.
     */
    public long replay(long after, java.util.function.Consumer<Entry> consumer) throws IOException {
        return replay(after, Long.MAX_VALUE, consumer);
    }

    /**
     * Like {@link #replay(long, java.util.function.Consumer)}, but stops reading after the segment that holds
     * {@code upTo}: a follower that handles a bounded range (an exporter) reads that range, not the whole tail.
     * Entries after {@code upTo} in that last segment are passed too; callers filter them.
     */
    public long replay(long after, long upTo, java.util.function.Consumer<Entry> consumer) throws IOException {
        // A started journal passes only durable entries: its open segment may hold a group not yet synced.
        long limit = worker != null ? lastDurable : Long.MAX_VALUE;
        long last = after;
        // A listing taken while the writer seals its open segment (a link and an unlink in the directory) may show
        // neither name: a gap between two entries, or a started journal reading less than it knows is durable,
        // means "list again". A gap that stays (a damaged older segment) is passed on after a few tries.
        for (int attempt = 1; ; attempt++) {
            long from = last;
            boolean strict = attempt <= 10;
            List<LogObject> all = logObjects(store, name).stream().filter(o -> o.open() || o.seq() > from).toList();
            boolean listAgain = false;
            for (int i = 0; i < all.size() && last < upTo && last < limit && !listAgain; i++) {
                LogObject o = all.get(i);
                Optional<InputStream> in = store.get(o.info().key());
                if (in.isEmpty()) {
                    // An open segment sealed after the listing (or a sealed one compacted): list again.
                    listAgain = o.open() && strict;
                    continue;
                }
                try (InputStream s = new BufferedInputStream(in.get(), 1 << 16)) {
                    Frames.expectMagic(s, SEG_MAGIC);
                    for (Entry e; (e = Frames.read(s)) != null; ) {
                        if (e.seq() > limit) {
                            break;
                        }
                        if (strict && last > after && e.seq() > last + 1) {
                            listAgain = true;
                            break;
                        }
                        if (e.seq() > last) {
                            consumer.accept(e);
                            last = e.seq();
                        }
                    }
                } catch (IOException e) {
                    if (o.open() && o.info().key().equals(activeKey)) {
                        LOG.debug("journal {}: read the open segment up to a group being written", name);
                    } else if (o.open() && i == all.size() - 1) {
                        // Left by a writer that stopped (kill -9): unwritten reserved space or an unacknowledged group.
                        LOG.info("journal {}: open segment {} read up to seq {}; the rest was never acknowledged ({})",
                                name, o.info().key(), last, e.getMessage());
                    } else if (i == all.size() - 1) {
                        LOG.warn("journal {}: torn tail in segment {} ignored: {}", name, o.info().key(), e.getMessage());
                    } else {
                        LOG.error("journal {}: DAMAGED segment {} (not the newest): {}", name, o.info().key(),
                                e.getMessage());
                    }
                }
            }
            boolean shortOfDurable = limit != Long.MAX_VALUE && last < Math.min(limit, upTo);
            if (!strict || !(listAgain || shortOfDurable)) {
                return last;
            }
        }
    }

    // ---- writing ----

    /** Starts the committer; {@code listener} sees every batch once it is durable. Call after recovery. */
    public synchronized void start(DurableListener listener) {
        if (worker != null) {
            throw new IllegalStateException("journal " + name + " already started");
        }
        this.listener = listener == null ? entries -> { } : listener;
        this.worker = Thread.ofPlatform().daemon().name("journal-" + name).start(this::run);
    }

    /** Appends one entry; the future gives its sequence number once durable. */
    public CompletableFuture<Long> append(byte[] payload) {
        return append(List.of(payload));
    }

    /**
     * Appends entries that get consecutive sequence numbers in one segment; the future gives the first once they are
     * durable (and the listener has seen them). Throws {@link JournalFullException} when the queue is full; the
     * future fails with {@link JournalUnavailableException} when the journal is closing or failed.
     */
    public CompletableFuture<Long> append(List<byte[]> payloads) {
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("nothing to append");
        }
        Throwable failed = failure;
        if (failed != null || closing || worker == null) {
            return CompletableFuture.failedFuture(unavailable(failed));
        }
        int bytes = 0;
        for (byte[] p : payloads) {
            bytes += p.length + 16;
        }
        CompletableFuture<Long> f = new CompletableFuture<>();
        if (!queue.offer(new Pending(List.copyOf(payloads), bytes, f))) {
            throw new JournalFullException(name);
        }
        return f;
    }

    private JournalUnavailableException unavailable(Throwable cause) {
        String why = cause != null ? "failed: " + cause.getMessage() : closing ? "closing" : "not started";
        return new JournalUnavailableException("journal " + name + " " + why, cause);
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                if (crowded && settings.window().isPositive()) {
                    // One sleep, not a wait per arrival: waking the committer for each append would cost what the
                    // saved syncs save.
                    TimeUnit.NANOSECONDS.sleep(settings.window().toNanos());
                }
                crowded = false;
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                int entries = first.payloads().size();
                int bytes = first.bytes();
                while (entries < settings.maxBatchEntries() && bytes < settings.maxBatchBytes()) {
                    Pending p = queue.poll();
                    if (p == null) {
                        break;
                    }
                    batch.add(p);
                    entries += p.payloads().size();
                    bytes += p.bytes();
                }
                commit(batch, entries, bytes);
            } catch (InterruptedException e) {
                if (closing) {
                    return;
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch, int entries, int bytes) {
        if (failure != null) {
            batch.forEach(p -> p.done().completeExceptionally(unavailable(failure)));
            return;
        }
        long start = System.nanoTime();
        List<Entry> all = new ArrayList<>(entries);
        long[] firsts = new long[batch.size()];
        long seq = lastSeq + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes + 8);
        try {
            for (int i = 0; i < batch.size(); i++) {
                firsts[i] = seq;
                for (byte[] payload : batch.get(i).payloads()) {
                    Frames.write(out, seq, payload);
                    all.add(new Entry(seq, payload));
                    seq++;
                }
            }
            if (!appendToOpenSegment(lastSeq + 1, out.toByteArray())) {
                ByteArrayOutputStream whole = new ByteArrayOutputStream(out.size() + 8);
                whole.write(Frames.magic(SEG_MAGIC));
                out.writeTo(whole);
                writeSegment(segmentKey(seq - 1), whole.toByteArray());
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
            batch.forEach(p -> p.done().completeExceptionally(unavailable(e)));
            return;
        }
        lastSeq = seq - 1;
        lastDurable = lastSeq;
        if (flushTimer != null) {
            flushTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            batchSize.record(all.size());
            entriesCounter.increment(all.size());
            bytesCounter.increment(out.size());
        }
        try {
            listener.durable(all);
        } catch (RuntimeException e) {
            // The entries are durable; a listener bug must not turn an acknowledged write into an error.
            LOG.error("journal {}: durable listener failed", name, e);
        }
        // Appends that queued up while this group was made durable mean writers outpace the flush: only then is
        // waiting the window for more worth it (fewer syncs per entry). Checked before the acknowledgements, since
        // a lone writer appends again as soon as it has its own, and waiting for it would only add latency.
        crowded = !queue.isEmpty();
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(firsts[i]);
        }
        if (active != null) {
            activeLast = lastSeq;
            try {
                if (active.size() >= settings.segmentBytes()) {
                    sealOpenSegment();
                }
            } catch (IOException | RuntimeException e) {
                // What is in it stays durable and readable; only later appends are refused.
                fail(e);
            }
        }
    }

    // ---- the open segment (stores that append in place) ----

    /**
     * Appends a group's frames to the open segment and syncs them; false when the store cannot append in place (the
     * caller then writes the group as a whole segment object). The first call recovers open segments a crashed
     * writer left behind; a new open segment is created create-only and must be the only one.
     */
    private boolean appendToOpenSegment(long first, byte[] frames) throws IOException {
        if (appendUnsupported) {
            return false;
        }
        if (active == null) {
            if (!recovered) {
                recoverOpenSegments();
                recovered = true;
            }
            ObjectKey key = ObjectKey.of("journal", name, "log", seqName(first) + OPEN);
            Optional<AppendableObject> created;
            try {
                created = store.openAppendable(key, true);
            } catch (FileAlreadyExistsException | ObjectBusyException e) {
                throw anotherWriter(key + " already exists");
            }
            if (created.isEmpty()) {
                appendUnsupported = true;
                return false;
            }
            active = created.get();
            activeKey = key;
            for (LogObject o : logObjects(store, name)) {
                if (o.open() ? !o.info().key().equals(key) : o.seq() >= first) {
                    throw anotherWriter("found " + o.info().key() + " next to our new " + key);
                }
            }
            active.write(ByteBuffer.wrap(Frames.magic(SEG_MAGIC)));
        }
        active.write(ByteBuffer.wrap(frames));
        active.sync();
        return true;
    }

    /** Seals the open segment into {@code <lastSeq>.seg} (create-only). */
    private void sealOpenSegment() throws IOException {
        ObjectKey target = segmentKey(activeLast);
        if (!active.seal(target)) {
            throw anotherWriter(target + " already exists");
        }
        active = null;
        activeKey = null;
    }

    /**
     * Open segments left by a writer that is gone (kill -9, power loss): the torn tail is cut off (what {@link #open}
     * and {@link #replay} already ignored) and the rest sealed; an empty one is removed. One still held by a live
     * writer means a second writer: fail.
     */
    private void recoverOpenSegments() throws IOException {
        for (LogObject o : logObjects(store, name)) {
            if (!o.open()) {
                continue;
            }
            ObjectKey key = o.info().key();
            AppendableObject h;
            try {
                Optional<AppendableObject> opened = store.openAppendable(key, false);
                if (opened.isEmpty()) {
                    continue;
                }
                h = opened.get();
            } catch (ObjectBusyException e) {
                throw anotherWriter(key + " is held by a live writer");
            } catch (NoSuchFileException e) {
                continue;
            }
            try {
                OpenScan scan = scanOpen(store, key);
                if (scan.lastSeq() == 0) {
                    h.delete();
                    continue;
                }
                if (h.size() > scan.validBytes()) {
                    LOG.warn("journal {}: cutting the torn tail of {} ({} of {} bytes kept, last seq {})", name, key,
                            scan.validBytes(), h.size(), scan.lastSeq());
                    h.truncate(scan.validBytes());
                }
                h.sync();
                ObjectKey target = segmentKey(scan.lastSeq());
                if (!h.seal(target)) {
                    // A crash between sealing and removing the open name leaves two copies of the same entries.
                    byte[] sealed = store.getBytes(target).orElse(new byte[0]);
                    byte[] open = store.getBytes(key).orElse(new byte[0]);
                    if (!Arrays.equals(sealed, open)) {
                        throw anotherWriter(target + " exists with other content than " + key);
                    }
                    h.delete();
                }
                LOG.info("journal {}: recovered open segment {} up to seq {}", name, key, scan.lastSeq());
            } finally {
                h.close();
            }
        }
    }

    private IllegalStateException anotherWriter(String what) {
        return new IllegalStateException(what + ": another writer is using journal " + name + " on this store");
    }

    /** The intact prefix of an open segment: its last entry and its length in bytes (0 and 0 when none). */
    private record OpenScan(long lastSeq, long validBytes) {
    }

    private static OpenScan scanOpen(ObjectStore store, ObjectKey key) throws IOException {
        Optional<InputStream> in = store.get(key);
        if (in.isEmpty()) {
            return new OpenScan(0, 0);
        }
        long last = 0;
        long valid = 0;
        try (InputStream s = new BufferedInputStream(in.get(), 1 << 16)) {
            Frames.expectMagic(s, SEG_MAGIC);
            valid = 8;
            for (Entry e; (e = Frames.read(s)) != null; ) {
                last = e.seq();
                valid += 16 + e.payload().length;
            }
        } catch (IOException e) {
            // A torn or missing tail: the prefix read so far is what counts.
        }
        return last == 0 ? new OpenScan(0, 0) : new OpenScan(last, valid);
    }

    private void fail(Throwable e) {
        failure = e;
        LOG.error("journal {}: FAILED, refusing appends until restart: {}", name, e.toString());
        for (Pending p; (p = queue.poll()) != null; ) {
            p.done().completeExceptionally(unavailable(e));
        }
    }

    /**
     * Create-only write with retries inside the budget. "Already exists" on a retry may be our own earlier attempt
     * that succeeded without an answer, so the bytes are compared; on the first attempt it means another writer.
     */
    private void writeSegment(ObjectKey key, byte[] bytes) throws IOException {
        long deadline = System.nanoTime() + settings.retryBudget().toNanos();
        long backoffMs = 20;
        boolean retried = false;
        while (true) {
            try {
                if (store.putIfAbsent(key, bytes)) {
                    return;
                }
                if (retried && store.getBytes(key).map(b -> Arrays.equals(b, bytes)).orElse(false)) {
                    return;
                }
                throw new IllegalStateException("segment " + key + " already exists: another writer is using journal "
                        + name + " on this store");
            } catch (IOException e) {
                if (System.nanoTime() + backoffMs * 1_000_000 > deadline) {
                    throw e;
                }
                LOG.warn("journal {}: segment write failed ({}); retrying in {} ms", name, e.toString(), backoffMs);
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoffMs = Math.min(backoffMs * 2, 1_000);
                retried = true;
            }
        }
    }

    // ---- snapshots and compaction ----

    /**
     * Writes a snapshot of the caller's state as of {@code seq} (through a temp file: bounded memory whatever the
     * state size) and returns its size. The caller guarantees the state written is exactly the fold up to {@code seq}.
     */
    public long writeSnapshot(long seq, SnapshotWriter writer, Path tmpDir) throws IOException {
        Path tmp = Files.createTempFile(tmpDir, "journal-" + name + "-", ".snap");
        try {
            CRC32C crc = new CRC32C();
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                 CheckedOutputStream out = new CheckedOutputStream(file, crc)) {
                out.write(Frames.magic(SNAP_MAGIC));
                out.write(le(8).putLong(seq).array());
                writer.write(new NonClosing(out));
                out.flush();
                file.write(le(4).putInt((int) crc.getValue()).array());
                file.write(Frames.magic(SNAP_END));
            }
            long size = Files.size(tmp);
            // Moved into place where the store can (a rename on the file system store when the temp directory is on
            // its file system): copying a snapshot of hundreds of MB again cost CPU and a second write of every byte.
            store.putFile(ObjectKey.of("journal", name, "snap", seqName(seq) + ".snap"), tmp);
            return size;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Deletes what recovery no longer needs: snapshots older than the two newest, and segments whose entries are all
     * covered by the older of those two (so a damaged newest snapshot still has a fallback) and are at or before
     * {@code holdAfter} (a follower's cursor; pass {@code Long.MAX_VALUE} when nothing follows). Returns objects deleted.
     */
    public int compact(long holdAfter) throws IOException {
        List<ObjectInfo> snaps = snapshots();
        if (snaps.size() < 2) {
            return 0;
        }
        long covered = Math.min(seqOf(snaps.get(snaps.size() - 2).key()), holdAfter);
        int deleted = 0;
        for (int i = 0; i < snaps.size() - 2; i++) {
            deleted += store.delete(snaps.get(i).key()) ? 1 : 0;
        }
        for (LogObject o : logObjects(store, name)) {
            if (o.seq() > covered) {
                break;
            }
            if (!o.open()) {
                deleted += store.delete(o.info().key()) ? 1 : 0;
            }
        }
        return deleted;
    }

    /** Bytes of segments after {@code seq}: what a start-up would replay on top of a snapshot at {@code seq}. */
    public long bytesAfter(long seq) throws IOException {
        return logObjects(store, name).stream().filter(o -> o.open() || o.seq() > seq)
                .mapToLong(o -> o.info().size()).sum();
    }

    /** Stops taking appends, commits what is queued, and stops the committer. */
    @Override
    public void close() {
        closing = true;
        Thread w = worker;
        if (w != null) {
            try {
                w.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!w.isAlive()) {
                closeOpenSegment();
            }
        }
        for (Pending p; (p = queue.poll()) != null; ) {
            p.done().completeExceptionally(unavailable(null));
        }
    }

    /** After the committer stopped: a clean shutdown leaves only sealed segments (after a failure, recovery seals). */
    private void closeOpenSegment() {
        if (active == null) {
            return;
        }
        try {
            if (failure == null) {
                sealOpenSegment();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("journal {}: open segment not sealed at close ({}); the next start recovers it", name, e.toString());
        } finally {
            if (active != null) {
                try {
                    active.close();
                } catch (IOException e) {
                    LOG.warn("journal {}: closing the open segment: {}", name, e.toString());
                }
                active = null;
                activeKey = null;
            }
        }
    }

    // ---- layout ----

    private ObjectKey segmentKey(long last) {
        return ObjectKey.of("journal", name, "log", seqName(last) + SEG);
    }

    private static List<LogObject> logObjects(ObjectStore store, String name) throws IOException {
        try (Stream<ObjectInfo> s = store.listAll("journal/" + name + "/log/")) {
            return s.filter(o -> o.key().name().endsWith(SEG) || o.key().name().endsWith(OPEN))
                    .map(o -> new LogObject(o, seqOf(o.key()), o.key().name().endsWith(OPEN)))
                    .sorted(Comparator.comparingLong(LogObject::seq).thenComparing(o -> !o.open()))
                    .toList();
        }
    }

    private List<ObjectInfo> snapshots() throws IOException {
        try (Stream<ObjectInfo> s = store.listAll("journal/" + name + "/snap/")) {
            return s.filter(o -> o.key().name().endsWith(".snap")).toList();
        }
    }

    private static InputStream verifiedSnapshotBody(byte[] b) throws IOException {
        int n = b.length;
        if (n < 8 + 8 + 4 + 8) {
            throw new IOException("snapshot too short");
        }
        if (!new String(b, n - 8, 8, java.nio.charset.StandardCharsets.US_ASCII).equals(SNAP_END)) {
            throw new IOException("snapshot end marker missing");
        }
        CRC32C crc = new CRC32C();
        crc.update(b, 0, n - 12);
        int expected = ByteBuffer.wrap(b, n - 12, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if ((int) crc.getValue() != expected) {
            throw new IOException("snapshot checksum mismatch");
        }
        InputStream in = new java.io.ByteArrayInputStream(b, 0, n - 12);
        Frames.expectMagic(in, SNAP_MAGIC);
        in.skipNBytes(8);
        return in;
    }

    static String seqName(long seq) {
        return String.format("%020d", seq);
    }

    static long seqOf(ObjectKey key) {
        String n = key.name();
        int dot = n.indexOf('.');
        return Long.parseLong(dot < 0 ? n : n.substring(0, dot));
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Keeps a snapshot writer from closing the checksummed stream under us. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
