package io.lakehouse.journal;

import io.lakehouse.store.ObjectKey;
import io.lakehouse.store.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
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

    public RawExporter(ObjectStore store, Journal journal, String cursorName, Mapper mapper, int maxEntries) {
        this.store = store;
        this.journal = journal;
        this.cursor = new JournalCursor(store, journal.name(), cursorName);
        this.intentKey = ObjectKey.of("journal", journal.name(), "cursors", cursorName + ".intent");
        this.mapper = mapper;
        this.maxEntries = maxEntries;
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
        long to = pendingIntent(from).orElse(Math.min(journal.lastSeq(), from + maxEntries));
        if (to <= from) {
            return 0;
        }
        store.put(intentKey, (from + " " + to + "\n").getBytes(StandardCharsets.US_ASCII));
        Map<ObjectKey, ByteArrayOutputStream> objects = new TreeMap<>();
        String name = journal.name() + "-" + Journal.seqName(from + 1) + "-" + Journal.seqName(to);
        List<Entry> entries = new ArrayList<>();
        journal.replay(from, to, e -> {
            if (e.seq() <= to) {
                entries.add(e);
            }
        });
        // One object per (dataset, day): keyed by that pair, the key itself is built once per object, not per line.
        Map<List<Object>, ByteArrayOutputStream> byDay = new java.util.HashMap<>();
        for (Entry e : entries) {
            for (RawLine line : mapper.map(e)) {
                ByteArrayOutputStream out = byDay.computeIfAbsent(List.of(line.dataset(), line.day()), k -> {
                    ByteArrayOutputStream o = new ByteArrayOutputStream();
                    objects.put(ObjectKey.of("raw", line.dataset(), "dt=" + line.day(), name + ".ndjson"), o);
                    return o;
                });
                out.writeBytes(line.json());
                out.write('\n');
            }
        }
        for (Map.Entry<ObjectKey, ByteArrayOutputStream> o : objects.entrySet()) {
            store.put(o.getKey(), o.getValue().toByteArray());
        }
        cursor.save(to);
        store.delete(intentKey);
        if (!objects.isEmpty()) {
            LOG.debug("journal {}: exported entries {}..{} into {} raw objects", journal.name(), from + 1, to, objects.size());
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
