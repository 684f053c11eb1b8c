package io.lakehouse.journal;

import io.lakehouse.store.ObjectKey;
import io.lakehouse.store.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a journal and writes its entries into the lake as NDJSON batches
 * {@code raw/<dataset>/dt=<day>/<journal>-<first>-<last>.ndjson}, where the materializer picks them up.
 *
 * <p>Exactly once across crashes: before writing a batch the exporter records its range as an intent next to its
 * cursor; a restart that finds an intent re-exports exactly that range, producing the same keys with the same
 * bytes (an overwrite with identical content), and only then moves the cursor. Callers run {@link #exportOnce}
 * from one thread (a scheduler); it is not meant to run concurrently with itself.
 *
 * <p>Reading back from memory: a daemon that already holds an entry's lake lines when it is committed can
 * {@link #offer} them from the journal's durable listener; an exporter that keeps up then writes them without reading
 * the journal back and mapping its entries again. Only what the mapper would return may be offered (a re-export after a
 * crash maps the entries read from the journal and must write the same bytes); whatever memory does not cover in order
 * is read from the journal as before.
 */
public final class RawExporter {
    private static final Logger LOG = LoggerFactory.getLogger(RawExporter.class);

    /** One NDJSON line for a dataset and day; {@code json} is a single JSON object without a newline. */
    public record RawLine(String dataset, LocalDate day, byte[] json) {
    }

    /** Turns a journal entry into zero or more lake lines (empty for entries that are not exported). */
    @FunctionalInterface
    public interface Mapper {
        List<RawLine> map(Entry entry);
    }

    private final ObjectStore store;
    private final Journal journal;
    private final JournalCursor cursor;
    private final ObjectKey intentKey;
    private final Mapper mapper;
    private final int maxEntries;
    private final long memoryBytes;
    /** Offered entries, consecutive in seq order, at most {@code memoryBytes} of lines; guarded by itself. */
    private final ArrayDeque<Offered> offered = new ArrayDeque<>();
    private long offeredBytes;

    private record Offered(long seq, List<RawLine> lines, long bytes) {
    }

    public RawExporter(ObjectStore store, Journal journal, String cursorName, Mapper mapper, int maxEntries) {
        this(store, journal, cursorName, mapper, maxEntries, 0);
    }

    /**
     * An exporter that keeps up to {@code memoryBytes} of {@link #offer offered} lines in memory (0: none, every
     * export reads the journal back).
     */
    public RawExporter(ObjectStore store, Journal journal, String cursorName, Mapper mapper, int maxEntries,
                       long memoryBytes) {
        this.store = store;
        this.journal = journal;
        this.cursor = new JournalCursor(store, journal.name(), cursorName);
        this.intentKey = ObjectKey.of("journal", journal.name(), "cursors", cursorName + ".intent");
        this.mapper = mapper;
        this.maxEntries = maxEntries;
        this.memoryBytes = memoryBytes;
    }

    /**
     * Hands over the lake lines of a durable entry, exactly what the mapper returns for it, in sequence order (from the
     * journal's durable listener). Dropped when memory is full or the entry does not follow the last one offered: the
     * exporter then reads those entries from the journal.
     */
    public void offer(long seq, List<RawLine> lines) {
        long bytes = 64;
        for (RawLine l : lines) {
            bytes += l.json().length + 1;
        }
        synchronized (offered) {
            Offered last = offered.peekLast();
            if (last != null && last.seq() + 1 != seq) {
                offered.clear();
                offeredBytes = 0;
            }
            if (offeredBytes + bytes > memoryBytes) {
                return; // full: the exporter is behind and reads the journal; later entries no longer follow on
            }
            offered.addLast(new Offered(seq, lines, bytes));
            offeredBytes += bytes;
        }
    }

    /**
     * The offered lines of entries {@code from+1 .. to} (at most {@code to}; {@code to} < 0: as many as there are),
     * dropping those at or before {@code from}; null when memory does not start at {@code from+1} or, for a fixed
     * {@code to}, does not reach it.
     */
    private List<Offered> fromMemory(long from, long to) {
        synchronized (offered) {
            for (Offered o; (o = offered.peekFirst()) != null && o.seq() <= from; ) {
                offered.pollFirst();
                offeredBytes -= o.bytes();
            }
            Offered first = offered.peekFirst();
            if (first == null || first.seq() != from + 1) {
                return null;
            }
            long last = to < 0 ? from + maxEntries : to;
            List<Offered> out = new ArrayList<>();
            for (Offered o : offered) {
                if (o.seq() > last) {
                    break;
                }
                out.add(o);
            }
            return to < 0 || out.getLast().seq() == to ? out : null;
        }
    }

    /** The last exported sequence number. */
    public long position() throws IOException {
        return cursor.load();
    }

    /** Entries durable in the journal but not yet exported. */
    public long lag() throws IOException {
        return Math.max(0, journal.lastSeq() - cursor.load());
    }

    /** Exports durable entries after the cursor (at most the configured batch); returns how many entries it covered. */
    public int exportOnce() throws IOException {
        long from = cursor.load();
        Optional<Long> intent = pendingIntent(from);
        List<Offered> memory = memoryBytes > 0 ? fromMemory(from, intent.orElse(-1L)) : null;
        long to = intent.orElse(memory != null ? memory.getLast().seq()
                : Math.min(journal.lastSeq(), from + maxEntries));
        if (to <= from) {
            return 0;
        }
        store.put(intentKey, (from + " " + to + "\n").getBytes(StandardCharsets.US_ASCII));
        List<List<RawLine>> mapped = new ArrayList<>();
        if (memory != null) {
            for (Offered o : memory) {
                mapped.add(o.lines());
            }
        } else {
            journal.replay(from, to, e -> {
                if (e.seq() <= to) {
                    mapped.add(mapper.map(e));
                }
            });
        }
        String name = journal.name() + "-" + Journal.seqName(from + 1) + "-" + Journal.seqName(to);
        // One object per (dataset, day), its lines in entry order; sized first so each object is one array.
        Map<List<Object>, List<byte[]>> byDay = new java.util.LinkedHashMap<>();
        for (List<RawLine> lines : mapped) {
            for (RawLine line : lines) {
                byDay.computeIfAbsent(List.of(line.dataset(), line.day()), k -> new ArrayList<>()).add(line.json());
            }
        }
        Map<ObjectKey, byte[]> objects = new TreeMap<>();
        for (Map.Entry<List<Object>, List<byte[]>> d : byDay.entrySet()) {
            int size = 0;
            for (byte[] json : d.getValue()) {
                size += json.length + 1;
            }
            byte[] body = new byte[size];
            int at = 0;
            for (byte[] json : d.getValue()) {
                System.arraycopy(json, 0, body, at, json.length);
                at += json.length;
                body[at++] = '\n';
            }
            objects.put(ObjectKey.of("raw", (String) d.getKey().get(0), "dt=" + d.getKey().get(1), name + ".ndjson"),
                    body);
        }
        for (Map.Entry<ObjectKey, byte[]> o : objects.entrySet()) {
            store.put(o.getKey(), o.getValue());
        }
        cursor.save(to);
        store.delete(intentKey);
        if (!objects.isEmpty()) {
            LOG.debug("journal {}: exported entries {}..{} into {} raw objects{}", journal.name(), from + 1, to,
                    objects.size(), memory != null ? " (from memory)" : "");
        }
        return (int) (to - from);
    }

    private Optional<Long> pendingIntent(long from) throws IOException {
        Optional<byte[]> intent = store.getBytes(intentKey);
        if (intent.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = new String(intent.get(), StandardCharsets.US_ASCII).trim().split(" ");
        if (parts.length == 2 && Long.parseLong(parts[0]) == from) {
            return Optional.of(Long.parseLong(parts[1]));
        }
        return Optional.empty();
    }
}
