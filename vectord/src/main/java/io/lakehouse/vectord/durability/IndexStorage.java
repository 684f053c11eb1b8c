package io.lakehouse.vectord.durability;

import io.lakehouse.store.ObjectInfo;
import io.lakehouse.store.ObjectKey;
import io.lakehouse.store.ObjectStore;
import io.lakehouse.vectord.index.ItemRecord;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where one index lives in the store: {@code indexes/<name>/index.json} (settings), {@code log/<seq>.wal} (one
 * immutable segment per group commit, named by the last sequence number it holds, zero-padded so names sort) and
 * {@code snap/<seq>.snap} (every live item as of {@code seq}, with a CRC32C trailer).
 */
public final class IndexStorage {
    private static final Logger LOG = LoggerFactory.getLogger(IndexStorage.class);
    static final String WAL_MAGIC = "VDWAL001";
    static final String SNAP_MAGIC = "VDSNAP01";
    static final String SNAP_END = "VDSNEND1";

    private final ObjectStore store;
    private final String name;
    private final RecordCodec codec;

    public IndexStorage(ObjectStore store, String name, JsonMapper json) {
        this.store = store;
        this.name = name;
        this.codec = new RecordCodec(json);
    }

    String name() {
        return name;
    }

    Instant snapshotTime(long seq) throws IOException {
        return store.stat(ObjectKey.of("indexes", name, "snap", seqName(seq) + ".snap"))
                .map(ObjectInfo::modified).orElse(null);
    }

    public static ObjectKey settingsKey(String name) {
        return ObjectKey.of("indexes", name, "index.json");
    }

    String logPrefix() {
        return "indexes/" + name + "/log/";
    }

    String snapPrefix() {
        return "indexes/" + name + "/snap/";
    }

    static String seqName(long seq) {
        return String.format("%020d", seq);
    }

    static long seqOf(ObjectKey key) {
        String n = key.name();
        int dot = n.indexOf('.');
        return Long.parseLong(dot < 0 ? n : n.substring(0, dot));
    }

    // ---- log ----

    /** Encodes a group-commit batch into one segment object and writes it; returns its size in bytes. */
    long writeSegment(List<LogRecord> records) throws IOException {
        assert !records.isEmpty() : "empty segment";
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * records.size() + 16);
        out.write(RecordCodec.header(WAL_MAGIC));
        for (LogRecord r : records) {
            RecordCodec.writeFramed(out, codec.encode(r));
        }
        byte[] bytes = out.toByteArray();
        long last = records.getLast().seq();
        store.put(ObjectKey.of("indexes", name, "log", seqName(last) + ".wal"), bytes);
        return bytes.length;
    }

    List<ObjectInfo> segments() throws IOException {
        try (Stream<ObjectInfo> s = store.listAll(logPrefix())) {
            return s.filter(o -> o.key().name().endsWith(".wal")).toList();
        }
    }

    /**
     * Replays every record with seq > {@code after}, in order. A record cut short or with a bad checksum ends its
     * segment: at the tail of the log that is a torn write and is ignored; in the middle it is logged loudly.
     * Returns the highest sequence number seen in segment names or records.
     */
    long replay(long after, Consumer<LogRecord> apply) throws IOException {
        List<ObjectInfo> segs = segments();
        long max = after;
        for (int i = 0; i < segs.size(); i++) {
            ObjectInfo seg = segs.get(i);
            long last = seqOf(seg.key());
            max = Math.max(max, last);
            if (last <= after) {
                continue;
            }
            Optional<InputStream> in = store.get(seg.key());
            if (in.isEmpty()) {
                continue;
            }
            try (InputStream s = new BufferedInputStream(in.get())) {
                RecordCodec.expectHeader(s, WAL_MAGIC);
                byte[] payload;
                while ((payload = RecordCodec.readFramed(s)) != null) {
                    LogRecord r = codec.decode(payload);
                    if (r.seq() > after) {
                        apply.accept(r);
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (i == segs.size() - 1) {
                    LOG.warn("index {}: torn tail in log segment {} ignored: {}", name, seg.key(), e.getMessage());
                } else {
                    LOG.error("index {}: CORRUPT log segment {} (not the last one): {}; records after the damage in "
                            + "this segment are lost", name, seg.key(), e.getMessage());
                }
            }
        }
        return max;
    }

    long logBytesAfter(long seq) throws IOException {
        long total = 0;
        for (ObjectInfo o : segments()) {
            if (seqOf(o.key()) > seq) {
                total += o.size();
            }
        }
        return total;
    }

    // ---- snapshots ----

    /** A loaded snapshot: the sequence number it covers and its items. */
    public record Snapshot(long seq, List<ItemRecord> items) {
    }

    /**
     * Writes a snapshot through a temp file (bounded memory whatever the index size) and returns its size.
     * Layout: magic, seq(8), dim(4), count(8), framed records, then count(8), crc32c(4) of everything before, end magic.
     */
    long writeSnapshot(long seq, int dim, Collection<ItemRecord> items, Path tmpDir) throws IOException {
        Path tmp = Files.createTempFile(tmpDir, "vectord-" + name + "-", ".snap");
        try {
            CRC32C crc = new CRC32C();
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                 CheckedOutputStream out = new CheckedOutputStream(file, crc)) {
                out.write(RecordCodec.header(SNAP_MAGIC));
                out.write(le(8 + 4 + 8).putLong(seq).putInt(dim).putLong(items.size()).array());
                for (ItemRecord r : items) {
                    RecordCodec.writeFramed(out, codec.encode(new LogRecord.Upsert(r)));
                }
                out.write(le(8).putLong(items.size()).array());
                out.flush();
                file.write(le(4).putInt((int) crc.getValue()).array());
                file.write(RecordCodec.header(SNAP_END));
            }
            long size = Files.size(tmp);
            try (InputStream in = Files.newInputStream(tmp)) {
                store.put(ObjectKey.of("indexes", name, "snap", seqName(seq) + ".snap"), in, size);
            }
            return size;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    List<ObjectInfo> snapshots() throws IOException {
        try (Stream<ObjectInfo> s = store.listAll(snapPrefix())) {
            return s.filter(o -> o.key().name().endsWith(".snap")).toList();
        }
    }

    /** The newest snapshot that reads back whole with a matching checksum; older ones are tried after a bad one. */
    Optional<Snapshot> loadNewestValidSnapshot() throws IOException {
        List<ObjectInfo> snaps = new ArrayList<>(snapshots());
        for (int i = snaps.size() - 1; i >= 0; i--) {
            ObjectInfo o = snaps.get(i);
            try {
                Optional<Snapshot> s = readSnapshot(o.key());
                if (s.isPresent()) {
                    return s;
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("index {}: SNAPSHOT {} IS CORRUPT ({}); falling back to the previous snapshot", name,
                        o.key(), e.getMessage());
            }
        }
        return Optional.empty();
    }

    Optional<Snapshot> readSnapshot(ObjectKey key) throws IOException {
        Optional<InputStream> opened = store.get(key);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        CRC32C crc = new CRC32C();
        try (InputStream raw = new BufferedInputStream(opened.get(), 1 << 16);
             CheckedInputStream in = new CheckedInputStream(raw, crc)) {
            RecordCodec.expectHeader(in, SNAP_MAGIC);
            ByteBuffer h = le(in.readNBytes(20));
            long seq = h.getLong();
            int dim = h.getInt();
            long count = h.getLong();
            if (seq != seqOf(key) || count < 0 || count > Integer.MAX_VALUE) {
                throw new IOException("header says seq " + seq + ", count " + count + " for " + key);
            }
            List<ItemRecord> items = new ArrayList<>((int) Math.min(count, 1 << 20));
            for (long i = 0; i < count; i++) {
                byte[] payload = RecordCodec.readFramed(in);
                if (payload == null) {
                    throw new IOException("snapshot ends after " + i + " of " + count + " items");
                }
                LogRecord r = codec.decode(payload);
                if (!(r instanceof LogRecord.Upsert u) || u.item().vector().length != dim) {
                    throw new IOException("bad item " + i + " in snapshot");
                }
                items.add(u.item());
            }
            ByteBuffer t = le(in.readNBytes(8));
            if (t.getLong() != count) {
                throw new IOException("snapshot trailer count mismatch");
            }
            int expected = (int) crc.getValue();
            ByteBuffer c = le(raw.readNBytes(4));
            byte[] end = raw.readNBytes(8);
            if (c.getInt() != expected || !new String(end, java.nio.charset.StandardCharsets.US_ASCII).equals(SNAP_END)) {
                throw new IOException("snapshot checksum mismatch");
            }
            return Optional.of(new Snapshot(seq, items));
        } catch (java.nio.BufferUnderflowException e) {
            throw new IOException("snapshot cut short", e);
        }
    }

    /**
     * After snapshot {@code newest} is durable: drop snapshots older than the previous one and the log segments that
     * the previous one covers. One older snapshot and its log are kept so a corrupt newest one can be survived.
     */
    void truncate(long newest) throws IOException {
        List<ObjectInfo> snaps = snapshots();
        long previous = -1;
        for (ObjectInfo o : snaps) {
            long s = seqOf(o.key());
            if (s < newest) {
                previous = Math.max(previous, s);
            }
        }
        if (previous < 0) {
            return;
        }
        for (ObjectInfo o : snaps) {
            if (seqOf(o.key()) < previous) {
                store.delete(o.key());
            }
        }
        for (ObjectInfo o : segments()) {
            if (seqOf(o.key()) <= previous) {
                store.delete(o.key());
            }
        }
    }

    /** Deletes every object of this index, the settings first, so that a half-deleted index is never loaded again. */
    public static void deleteAll(ObjectStore store, String name) throws IOException {
        store.delete(settingsKey(name));
        List<ObjectKey> keys;
        try (Stream<ObjectInfo> s = store.listAll("indexes/" + name + "/")) {
            keys = s.map(ObjectInfo::key).toList();
        }
        for (ObjectKey k : keys) {
            store.delete(k);
        }
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
