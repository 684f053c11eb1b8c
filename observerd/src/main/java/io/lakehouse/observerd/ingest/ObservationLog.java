package io.lakehouse.observerd.ingest;

import io.lakehouse.journal.Entry;
import io.lakehouse.journal.Journal;
import io.lakehouse.journal.JournalFullException;
import io.lakehouse.journal.JournalSettings;
import io.lakehouse.journal.RawExporter;
import io.lakehouse.observerd.ObserverdError;
import io.lakehouse.observerd.ObserverdProperties;
import io.lakehouse.observerd.observation.Observation;
import io.lakehouse.observerd.observation.ObservationCodec;
import io.lakehouse.observerd.runs.RunIndex;
import io.lakehouse.observerd.stats.LiveStats;
import io.lakehouse.shared.web.ApiException;
import io.lakehouse.store.ObjectStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * observerd's durable core: the journal {@code journal/observerd/} (one entry per accepted batch, its canonical
 * lines joined by newlines), the state folded from it (run index and live stats), the lake export that follows it,
 * and the snapshots that keep start-up and the journal bounded.
 *
 * <p>Order of events for a batch: appended to the journal's queue; written durably as part of one group commit;
 * folded into runs and stats on the committer thread; only then is the request answered. So a 202 means durable
 * and visible.
 */
public final class ObservationLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ObservationLog.class);
    static final String JOURNAL = "observerd";
    static final String DATASET = "observation";
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    /**
     * Identity of a payload array: the committer hands back the very arrays that were appended, so the parsed batch
     * is found again without parsing its lines a second time.
     */
    private record PayloadKey(byte[] payload) {
        @Override
        public boolean equals(Object o) {
            return o instanceof PayloadKey k && k.payload == payload;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(payload);
        }
    }

    private final ObjectStore store;
    private final ObserverdProperties props;
    private final ObservationCodec codec;
    private final RunIndex runs;
    private final LiveStats stats;
    /** A batch on its way to the journal: its observations and its lake lines, computed once on the request thread. */
    private record Appended(List<Observation> batch, List<RawExporter.RawLine> lake) {
    }

    private final ConcurrentHashMap<PayloadKey, Appended> parsed = new ConcurrentHashMap<>();
    private final AtomicLong queued = new AtomicLong();
    private final Journal journal;
    private final RawExporter exporter;
    private final ScheduledExecutorService background;
    private volatile long exportLag;
    private volatile long lastSnapshotSeq;
    private volatile long lastSnapshotNanos = System.nanoTime();
    private volatile long lastSnapshotBytes;
    /** Entries offered to the exporter since the last early export was asked for (committer thread only). */
    private int sinceExport;
    private final AtomicBoolean exportAsked = new AtomicBoolean();

    public ObservationLog(ObjectStore store, ObserverdProperties props, ObservationCodec codec, RunIndex runs,
                          LiveStats stats, MeterRegistry meters) {
        this.store = store;
        this.props = props;
        this.codec = codec;
        this.runs = runs;
        this.stats = stats;
        var ingest = props.ingest();
        JournalSettings settings = new JournalSettings(ingest.queueCapacity(), ingest.maxCommitEntries(),
                64 << 20, ingest.commitWindow(), JournalSettings.defaults().retryBudget());
        try {
            this.journal = Journal.open(store, JOURNAL, settings, meters);
            recover();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover the observation journal from " + store.describe(), e);
        }
        this.exporter = new RawExporter(store, journal, "lake", ObservationLog::toLake,
                props.export().maxEntriesPerObject(), props.export().memory().toBytes());
        this.background = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("observerd-export").factory());
        journal.start(this::durable);
        Gauge.builder("lakehouse.observerd.ingest.queued", queued, AtomicLong::get)
                .description("Observations accepted and not yet durable").register(meters);
        Gauge.builder("lakehouse.observerd.runs", runs, RunIndex::runCount)
                .description("Runs in the in-memory index").register(meters);
        Gauge.builder("lakehouse.observerd.observations.memory", runs, RunIndex::observationCount)
                .description("Observations in the in-memory index").register(meters);
        Gauge.builder("lakehouse.observerd.stats.series", stats, LiveStats::seriesCount)
                .description("(agent, kind, name) series in the live stats").register(meters);
        Gauge.builder("lakehouse.observerd.export.lag", this, l -> l.exportLag)
                .description("Journal entries not yet exported to raw/").register(meters);
        long every = props.export().interval().toMillis();
        background.scheduleWithFixedDelay(this::housekeeping, every, every, TimeUnit.MILLISECONDS);
    }

    private void recover() throws IOException {
        long t0 = System.nanoTime();
        List<Observation> fromSnapshot = new ArrayList<>();
        long snap = journal.loadSnapshot(in -> {
            // Parsed completely before anything is applied: a snapshot rejected half-way leaves no trace.
            List<Observation> all = codec.parseAll(in.readAllBytes());
            fromSnapshot.clear();
            fromSnapshot.addAll(all);
        });
        runs.apply(snap, fromSnapshot);
        stats.record(fromSnapshot);
        lastSnapshotSeq = snap;
        long[] entries = {0};
        long last = journal.replay(snap, e -> {
            List<Observation> batch = codec.parseAll(e.payload());
            runs.apply(e.seq(), batch);
            stats.record(batch);
            entries[0]++;
        });
        LOG.info("observation journal recovered: snapshot at {} with {} observations, {} entries replayed up to {}, "
                        + "{} runs in memory, in {} ms", snap, fromSnapshot.size(), entries[0], last, runs.runCount(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** On the committer thread, once entries are durable and before their writers are answered. */
    private void durable(List<Entry> entries) {
        boolean export = props.export().enabled();
        for (Entry e : entries) {
            Appended a = parsed.remove(new PayloadKey(e.payload()));
            List<Observation> batch = a != null ? a.batch() : codec.parseAll(e.payload());
            runs.apply(e.seq(), batch);
            stats.record(batch);
            if (export) {
                exporter.offer(e.seq(), a != null ? a.lake() : toLake(e));
                sinceExport++;
            }
        }
        // A full object's worth waits in memory: export it now rather than at the next interval, while it is young.
        if (export && sinceExport >= props.export().maxEntriesPerObject() && exportAsked.compareAndSet(false, true)) {
            sinceExport = 0;
            try {
                background.execute(this::exportFullObjects);
            } catch (RejectedExecutionException closing) {
                exportAsked.set(false);
            }
        }
    }

    private void exportFullObjects() {
        exportAsked.set(false);
        try {
            synchronized (this) {
                int max = props.export().maxEntriesPerObject();
                for (int i = 0; i < 1_000 && exporter.lag() >= max && exporter.exportOnce() > 0; i++) {
                    // objects of max entries; the interval's round writes the rest
                }
                exportLag = exporter.lag();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("observerd export failed (retried next round): {}", e.toString());
        }
    }

    /**
     * Appends a batch; the future completes once it is durable and folded into runs and stats.
     *
     * @throws ApiException 429 when the queue limit would be passed
     */
    public CompletableFuture<Long> append(List<Observation> batch) {
        int n = batch.size();
        long waiting = queued.addAndGet(n);
        // A single batch larger than the limit still goes through when nothing else waits.
        if (waiting > props.ingest().maxQueued() && waiting != n) {
            queued.addAndGet(-n);
            throw new ApiException(ObserverdError.INGEST_QUEUE_FULL, "more than " + props.ingest().maxQueued()
                    + " observations are waiting to be made durable; retry shortly");
        }
        byte[] payload = ObservationCodec.join(batch);
        PayloadKey key = new PayloadKey(payload);
        parsed.put(key, new Appended(batch, props.export().enabled() ? lake(batch, payload) : List.of()));
        CompletableFuture<Long> f;
        try {
            f = journal.append(List.of(payload));
        } catch (JournalFullException e) {
            parsed.remove(key);
            queued.addAndGet(-n);
            throw new ApiException(ObserverdError.INGEST_QUEUE_FULL, "the journal's queue is full; retry shortly");
        }
        return f.whenComplete((seq, failure) -> {
            queued.addAndGet(-n);
            if (failure != null) {
                parsed.remove(key);
            }
        });
    }

    public boolean healthy() {
        return journal.healthy();
    }

    public Throwable failure() {
        return journal.failure();
    }

    public long exportLag() {
        return exportLag;
    }

    /** Exports what is durable now and waits for it (tests, shutdown). */
    public synchronized void exportNow() throws IOException {
        if (!props.export().enabled()) {
            return;
        }
        for (int i = 0; i < 10_000 && exporter.exportOnce() > 0; i++) {
            // until caught up
        }
        exportLag = exporter.lag();
    }

    private void housekeeping() {
        try {
            exportNow();
            maybeSnapshot();
        } catch (IOException | RuntimeException e) {
            LOG.warn("observerd housekeeping failed (retried next round): {}", e.toString());
        }
    }

    private synchronized void maybeSnapshot() throws IOException {
        var s = props.snapshot();
        long applied = runs.appliedSeq();
        if (applied - lastSnapshotSeq < s.everyEntries()
                || System.nanoTime() - lastSnapshotNanos < s.minInterval().toNanos()) {
            return;
        }
        // Amortized: a snapshot rewrites every kept observation, so wait until the journal has grown by at least
        // what the previous snapshot wrote; snapshots then cost at most what ingestion itself wrote.
        if (journal.bytesAfter(lastSnapshotSeq) < lastSnapshotBytes) {
            return;
        }
        snapshotNow();
    }

    /** Writes a snapshot of the run index and compacts what the snapshots and the exporter no longer need. */
    public synchronized void snapshotNow() throws IOException {
        RunIndex.Snapshot snap = runs.snapshot();
        if (snap.seq() == 0 || snap.seq() == lastSnapshotSeq) {
            return;
        }
        Path tmp = props.snapshot().tmpDir() != null ? props.snapshot().tmpDir()
                : Path.of(System.getProperty("java.io.tmpdir"));
        long size = journal.writeSnapshot(snap.seq(), out -> {
            for (byte[] chunk : snap.chunks()) {
                out.write(chunk); // newline-ended lines
            }
        }, tmp);
        lastSnapshotSeq = snap.seq();
        lastSnapshotNanos = System.nanoTime();
        lastSnapshotBytes = size;
        long hold = props.export().enabled() ? exporter.position() : Long.MAX_VALUE;
        int deleted = journal.compact(hold);
        LOG.info("observerd snapshot at entry {}: {} observations, {} bytes; compaction removed {} objects",
                snap.seq(), snap.observations(), size, deleted);
    }

    /**
     * One journal entry as lake lines: its observations, by the UTC day they started. Consecutive lines of one day
     * go out as one chunk (the lines joined by newlines): the exporter writes a chunk and a newline, the same bytes as
     * line by line, without a copy and a list element per observation (a batch usually has a single day).
     */
    static List<RawExporter.RawLine> toLake(Entry e) {
        byte[] p = e.payload();
        List<RawExporter.RawLine> chunks = new ArrayList<>(1);
        LocalDate[] day = {null};
        int[] chunkFrom = {0};
        int[] chunkTo = {0};
        ObservationCodec.forEachLine(p, (from, to) -> {
            LocalDate d = ObservationCodec.day(p, from, day[0]);
            if (d != day[0] && day[0] != null) {
                chunks.add(new RawExporter.RawLine(DATASET, day[0], Arrays.copyOfRange(p, chunkFrom[0], chunkTo[0])));
                chunkFrom[0] = from;
            } else if (day[0] == null) {
                chunkFrom[0] = from;
            }
            day[0] = d;
            chunkTo[0] = to;
        });
        if (day[0] != null) {
            chunks.add(new RawExporter.RawLine(DATASET, day[0], Arrays.copyOfRange(p, chunkFrom[0], chunkTo[0])));
        }
        return chunks;
    }

    /**
     * The lake lines of a batch about to be appended, exactly what {@link #toLake} returns for its journal entry, from
     * the observations' start times instead of scanning the lines (a canonical line starts with its UTC start time).
     */
    static List<RawExporter.RawLine> lake(List<Observation> batch, byte[] payload) {
        List<RawExporter.RawLine> chunks = new ArrayList<>(1);
        long day = Long.MIN_VALUE;
        int chunkFrom = 0;
        int at = 0;
        for (Observation o : batch) {
            long d = Math.floorDiv(o.startedNanos(), NANOS_PER_DAY);
            if (d != day && day != Long.MIN_VALUE) {
                chunks.add(new RawExporter.RawLine(DATASET, LocalDate.ofEpochDay(day),
                        Arrays.copyOfRange(payload, chunkFrom, at - 1)));
                chunkFrom = at;
            }
            day = d;
            at += o.line().length + 1;
        }
        if (day != Long.MIN_VALUE) {
            chunks.add(new RawExporter.RawLine(DATASET, LocalDate.ofEpochDay(day),
                    Arrays.copyOfRange(payload, chunkFrom, at - 1)));
        }
        return chunks;
    }

    /** Stops the background work, commits what is queued, exports it. */
    @Override
    public void close() {
        background.shutdownNow();
        try {
            background.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        journal.close();
        try {
            exportNow();
            snapshotNow();
        } catch (IOException | RuntimeException e) {
            LOG.warn("final export or snapshot failed; the next start catches up: {}", e.toString());
        }
    }

    ObjectStore store() {
        return store;
    }
}
