package io.lakehouse.pathwayd.export;

import io.lakehouse.journal.Entry;
import io.lakehouse.journal.Journal;
import io.lakehouse.journal.RawExporter;
import io.lakehouse.pathwayd.memory.Codec;
import io.lakehouse.pathwayd.memory.HistoryEntry;
import io.lakehouse.pathwayd.memory.Memory;
import io.lakehouse.pathwayd.memory.Operation;
import io.lakehouse.store.ObjectStore;
import io.lakehouse.validation.Contract;
import io.lakehouse.validation.ContractRegistry;
import io.lakehouse.validation.FastValidator;
import io.lakehouse.validation.ValidationError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JsonGenerator;

/**
 * Exports every event (one per memory an operation changed) as one NDJSON record of dataset {@code pathway_event}
 * into {@code raw/pathway_event/dt=<day>/}, through the journal's {@link RawExporter} (exactly once across crashes).
 * Each record is validated against the store's {@code pathway_event} contract with the shared engine; an invalid one
 * (a bug) is logged and counted and still written, so the materializer quarantines it where it can be seen.
 */
public final class EventExporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventExporter.class);
    public static final String DATASET = "pathway_event";
    public static final String CURSOR = "raw-export";

    private final RawExporter raw;
    private final ContractRegistry contracts;
    private final Codec codec;
    /** The last day parsed (only the export thread maps entries; volatile keeps a stray caller safe). */
    private volatile DayCache lastDay;
    private final Duration interval;
    private final Journal journal;
    private final Counter invalid;
    private final Counter exported;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("pathwayd-export").factory());
    private volatile long lag;
    /**
     * Durable operations not yet exported, as applied (from {@link #remember}): exporting one from here saves decoding
     * its journal entry again (Jackson's record deserialization was about half of the exporter's CPU). The record
     * written is the same either way: the operation decoded from the entry equals the one applied, and the record is
     * built from it alone, so a re-export after a crash (which decodes) writes the same bytes. Bounded: only the
     * {@link #REMEMBERED} operations after the export position are kept (further behind, entries are decoded).
     */
    private final ConcurrentSkipListMap<Long, Operation> applied = new ConcurrentSkipListMap<>();
    static final int REMEMBERED = 20_000;
    private record Fast(Contract contract, FastValidator validator) {
    }

    private volatile Fast fast;
    /** The export position as of the last round; -1 before the first (or when the export is off). */
    private volatile long exportedSeq = -1;

    public EventExporter(ObjectStore store, Journal journal, ContractRegistry contracts, Codec codec, int maxEntries,
                         Duration interval, MeterRegistry meters) {
        this.raw = new RawExporter(store, journal, CURSOR, this::map, maxEntries);
        this.contracts = contracts;
        this.codec = codec;
        this.interval = interval;
        this.journal = journal;
        this.invalid = meters == null ? null : Counter.builder("pathwayd.export.invalid")
                .description("Exported pathway_event records the contract rejected").register(meters);
        this.exported = meters == null ? null : Counter.builder("pathwayd.export.records")
                .description("pathway_event records exported into raw/").register(meters);
        if (meters != null) {
            Gauge.builder("pathwayd.export.lag", this, e -> e.lag)
                    .description("Durable operations not yet exported into raw/").register(meters);
        }
    }

    /** Told about every durable operation (a {@link io.lakehouse.pathwayd.memory.MemoryService.ChangeListener}). */
    public void remember(long seq, Operation op) {
        long p = exportedSeq;
        if (p >= 0 && seq - p <= REMEMBERED) {
            applied.put(seq, op);
        }
    }

    /** Whether the operation at {@code seq} is held for export (for tests). */
    boolean remembers(long seq) {
        return applied.containsKey(seq);
    }

    public void start() throws IOException {
        if (!interval.isZero()) {
            exportedSeq = raw.position();
        }
        if (!interval.isZero()) {
            scheduler.scheduleWithFixedDelay(this::exportQuietly, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void exportQuietly() {
        try {
            exportAll();
        } catch (IOException | RuntimeException e) {
            LOG.warn("pathwayd: export to raw/ failed, retrying next tick: {}", e.toString());
        }
    }

    /**
     * Exports everything durable when called; returns the number of operations covered. What becomes durable
     * meanwhile waits for the next tick: looping until no new entry showed up kept the exporter exporting a few
     * entries at a time for as long as writes kept coming (each round re-reading the open segment and writing three
     * synced objects), which cost more CPU than the writes themselves.
     */
    public synchronized long exportAll() throws IOException {
        long target = journal.lastSeq();
        long total = 0;
        for (int n; (n = raw.exportOnce()) > 0; ) {
            total += n;
            if (raw.position() >= target) {
                break;
            }
        }
        lag = raw.lag();
        long position = raw.position();
        exportedSeq = position;
        // Exported (or passed by a re-export, which decodes): no longer needed.
        applied.headMap(position, true).clear();
        return total;
    }

    /** The last exported seq (what compaction must keep after). */
    public long position() throws IOException {
        return raw.position();
    }

    /** The day of an ISO instant; the previous answer again for the same day (parsing was a tenth of export CPU). */
    private LocalDate day(String at) {
        DayCache c = lastDay;
        // Compared in place: a substring per event was the exporter's largest allocation.
        if (c == null || at.length() < 10 || !at.regionMatches(0, c.text(), 0, 10)) {
            String d = at.substring(0, 10);
            c = new DayCache(d, LocalDate.parse(d));
            lastDay = c;
        }
        return c.day();
    }

    private record DayCache(String text, LocalDate day) {
    }

    List<RawExporter.RawLine> map(Entry e) {
        Operation op = applied.remove(e.seq());
        if (op == null) {
            op = codec.decode(e.payload());
        }
        Contract contract = contracts.latest(DATASET).orElse(null);
        FastValidator fastPath = contract == null ? null : fast(contract);
        LocalDate day = day(op.at());
        List<RawExporter.RawLine> lines = new ArrayList<>(op.changes().size());
        for (int i = 0; i < op.changes().size(); i++) {
            byte[] rec = record(HistoryEntry.of(e.seq(), i, op, op.changes().get(i)));
            // The byte-level check settles the usual valid record without a tree; the engine decides the rest.
            if (contract != null && (fastPath == null || !fastPath.accepts(rec, 0, rec.length))) {
                List<ValidationError> errors = contracts.engine().validate(contract, codec.json().readTree(rec));
                if (!errors.isEmpty()) {
                    LOG.error("pathwayd: event {}-{} does not satisfy the {} contract: {}", e.seq(), i, DATASET,
                            errors);
                    if (invalid != null) {
                        invalid.increment();
                    }
                }
            }
            lines.add(new RawExporter.RawLine(DATASET, day, rec));
            if (exported != null) {
                exported.increment();
            }
        }
        return lines;
    }

    /** The contract's fast path, compiled once per contract version; null when it uses keywords it does not know. */
    private FastValidator fast(Contract contract) {
        Fast f = fast;
        if (f == null || f.contract() != contract) {
            f = new Fast(contract, FastValidator.compile(contracts.engine(), contract).orElse(null));
            fast = f;
        }
        return f.validator();
    }

    /**
     * The record in the contract's shape (scope flattened, before and after as objects), written straight to bytes:
     * member for member what serializing it as a tree wrote before, without building the tree and the two memory
     * trees in it.
     */
    byte[] record(HistoryEntry h) {
        Memory after = h.after();
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = codec.json().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("event_id", "pathwayd-" + h.eventId());
            g.writeStringProperty("memory_id", h.memoryId());
            g.writeStringProperty("op", h.op().name());
            g.writeStringProperty("at", h.at());
            g.writeNumberProperty("version", h.version());
            g.writeStringProperty("kind", after.kind().wire());
            g.writeStringProperty("state", after.state().wire());
            g.writeStringProperty("user_id", after.scope().userId());
            g.writeStringProperty("agent_id", after.scope().agentId());
            g.writeStringProperty("run_id", after.scope().runId());
            // the memories member by member, as the mapper writes them (Codec.memory); bean serialization was a fifth
            // of the exporter's CPU
            g.writeName("before");
            Codec.writeMemory(g, h.before());
            g.writeName("after");
            Codec.writeMemory(g, after);
            g.writeStringProperty("successor_id", h.successorId());
            g.writeStringProperty("reason", h.reason());
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
            exportAll();
        } catch (IOException | RuntimeException e) {
            LOG.warn("pathwayd: final export failed (the next start exports it): {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
