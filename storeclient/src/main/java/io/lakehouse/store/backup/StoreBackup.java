package io.lakehouse.store.backup;

import io.lakehouse.store.ObjectInfo;
import io.lakehouse.store.ObjectKey;
import io.lakehouse.store.ObjectStore;
import io.lakehouse.store.lease.StoreLeases;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A consistent copy of a live store into another (empty) store, and back.
 *
 * <p>Nothing in the lake is modified in place except by replacing whole objects, and the mutable parts are
 * log-structured: an index or journal is {@code snap/<seq>} snapshots plus immutable {@code log/<seq>} segments,
 * and compaction deletes segments only once two newer snapshots exist. The copy therefore goes in an order in which
 * every object copied earlier is still valid for what is copied later:
 * <ol>
 *   <li>{@code _system/} (run records, done-markers, export cursors; not the leases) before the data those
 *       records point at, so a done-marker in the backup always has its Parquet files in the backup;</li>
 *   <li>{@code schemas/};</li>
 *   <li>per index or journal: its other files (settings, cursors), then its snapshots, then its segments; then a
 *       re-list of its snapshots: if two snapshots newer than the newest copied one now exist, compaction may have
 *       removed segments the copy needs, so that unit is copied again (up to {@link #UNIT_ATTEMPTS} times);</li>
 *   <li>{@code raw/}, {@code curated/}, {@code quarantine/} and anything else.</li>
 * </ol>
 * The result replays to the state of some moment during the copy for each unit. {@code BACKUP.json} is written last;
 * a backup without it is incomplete and {@link #restore} refuses it.
 */
public final class StoreBackup {
    /** The manifest at the root of a backup, written last. */
    public static final ObjectKey MANIFEST = ObjectKey.of("BACKUP.json");
    static final int UNIT_ATTEMPTS = 5;
    private static final long SMALL = 8L << 20;
    private static final Pattern UNIT = Pattern.compile("^((?:indexes|journal)/.+?/)(snap|log)/([^/]+)$");
    private static final Pattern LEASE = Pattern.compile("^_system/[^/]+/lease/.*");
    private static final Pattern SEQ = Pattern.compile("^(\\d+)");

    private final ObjectStore source;
    private final ObjectStore target;
    private final int threads;
    private final Consumer<String> log;
    private final Clock clock;
    private final AtomicLong objects = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final Map<String, Long> perTop = new TreeMap<>();

    /**
     * @param threads parallel copies within a phase
     * @param log     progress lines
     */
    public StoreBackup(ObjectStore source, ObjectStore target, int threads, Consumer<String> log, Clock clock) {
        this.source = source;
        this.target = target;
        this.threads = Math.max(1, threads);
        this.log = log;
        this.clock = clock;
    }

    /** What a backup or restore copied. */
    public record Result(long objects, long bytes, Map<String, Long> objectsPerTopLevel, int unitRetries,
                         Duration took) {
    }

    /** Copies the live {@code source} into the empty {@code target}, then writes {@link #MANIFEST}. */
    public Result backup() throws IOException {
        requireEmpty(target, "backup destination " + target.describe());
        Instant start = clock.instant();
        int retries = 0;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            copyAll(pool, list("_system/").stream().filter(i -> !LEASE.matcher(i.key().value()).matches()).toList());
            log.accept("copied _system/ (" + objects.get() + " objects so far)");
            copyAll(pool, list("schemas/"));
            for (String top : List.of("indexes/", "journal/")) {
                Map<String, List<ObjectInfo>> others = new TreeMap<>();
                for (ObjectInfo i : list(top)) {
                    Matcher m = UNIT.matcher(i.key().value());
                    if (!m.matches()) {
                        others.computeIfAbsent(unitOf(i.key().value(), top), k -> new ArrayList<>()).add(i);
                    }
                }
                copyAll(pool, others.values().stream().flatMap(List::stream).toList());
                for (String unit : units(top)) {
                    retries += copyUnit(pool, unit);
                }
            }
            log.accept("copied indexes/ and journal/ (" + objects.get() + " objects so far, " + retries
                    + " unit re-copies)");
            for (String top : List.of("raw/", "curated/", "quarantine/")) {
                copyAll(pool, list(top));
            }
            // Whatever else a newer version keeps in the store.
            List<ObjectInfo> rest = list("").stream().filter(i -> !knownTop(i.key().value())).toList();
            copyAll(pool, rest);
        } finally {
            pool.shutdownNow();
        }
        Duration took = Duration.between(start, clock.instant());
        target.put(MANIFEST, manifest(start, took, retries).getBytes(StandardCharsets.UTF_8));
        log.accept("backup complete: " + objects.get() + " objects, " + bytes.get() + " bytes in " + took.toMillis()
                + " ms");
        return new Result(objects.get(), bytes.get(), Map.copyOf(perTop), retries, took);
    }

    /**
     * Copies a backup ({@code source}, which must hold {@link #MANIFEST}) into {@code target}, which must be empty
     * apart from leases that nobody holds any more. Run it with the daemons stopped.
     */
    public Result restore() throws IOException {
        if (source.stat(MANIFEST).isEmpty()) {
            throw new IOException(source.describe() + " has no " + MANIFEST
                    + ": not a backup, or a backup that did not finish");
        }
        List<ObjectInfo> present = list(target, "");
        for (ObjectInfo i : present) {
            String k = i.key().value();
            if (!LEASE.matcher(k).matches()) {
                throw new IOException("restore target " + target.describe() + " is not empty (it holds " + k
                        + ", and more): restore only into an empty store; move or delete the old one first");
            }
        }
        for (String prefix : present.stream().map(i -> i.key().value().replaceAll("[^/]+$", "")).distinct().toList()) {
            Optional<StoreLeases.LeaseState> s = StoreLeases.inspect(target, prefix);
            if (s.isPresent() && !s.get().released() && !s.get().record().expiredAt(clock.instant())) {
                throw new IOException("restore target " + target.describe() + " has a live lease " + prefix
                        + " held by " + s.get().record().holder().describe() + ": stop the daemons first");
            }
        }
        Instant start = clock.instant();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            copyAll(pool, list("").stream().filter(i -> !i.key().equals(MANIFEST)).toList());
        } finally {
            pool.shutdownNow();
        }
        Duration took = Duration.between(start, clock.instant());
        log.accept("restore complete: " + objects.get() + " objects, " + bytes.get() + " bytes in " + took.toMillis()
                + " ms");
        return new Result(objects.get(), bytes.get(), Map.copyOf(perTop), 0, took);
    }

    /** Copies one index or journal: snapshots, then segments, then checks that compaction left the copy whole. */
    private int copyUnit(ExecutorService pool, String unit) throws IOException {
        for (int attempt = 0; attempt < UNIT_ATTEMPTS; attempt++) {
            List<ObjectInfo> snaps = list(unit + "snap/");
            long newest = -1;
            for (ObjectInfo s : snaps) {
                if (copyAll(pool, List.of(s)) == 1) {
                    newest = Math.max(newest, seq(s.key()));
                }
            }
            copyAll(pool, list(unit + "log/"));
            final long copied = newest;
            long newer = list(unit + "snap/").stream().filter(s -> seq(s.key()) > copied).count();
            if (newer < 2) {
                return attempt;
            }
            log.accept(unit + ": two snapshots newer than the copied one appeared during the copy; copying again");
            for (ObjectInfo i : list(target, unit)) {
                target.delete(i.key());
            }
        }
        throw new IOException(unit + ": compaction outran the copy " + UNIT_ATTEMPTS
                + " times; retry the backup when that index or journal is less busy");
    }

    /** Copies the objects in parallel and waits; returns how many were copied (vanished ones are skipped). */
    private int copyAll(ExecutorService pool, List<ObjectInfo> infos) throws IOException {
        List<Future<Boolean>> futures = new ArrayList<>(infos.size());
        for (ObjectInfo info : infos) {
            futures.add(pool.submit(() -> copy(info)));
        }
        int n = 0;
        for (Future<Boolean> f : futures) {
            try {
                n += f.get() ? 1 : 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException(e.getCause());
            }
        }
        return n;
    }

    private boolean copy(ObjectInfo info) throws IOException {
        Optional<InputStream> in = source.get(info.key());
        if (in.isEmpty()) {
            return false; // deleted since the listing (compaction, a dropped index): not part of this copy
        }
        try (InputStream stream = in.get()) {
            if (info.size() <= SMALL) {
                // One request on S3; and a replaced object of another size cannot break a length-checked put.
                target.put(info.key(), stream.readAllBytes());
            } else {
                target.put(info.key(), stream, -1);
            }
        }
        Optional<ObjectInfo> written = target.stat(info.key());
        objects.incrementAndGet();
        bytes.addAndGet(written.map(ObjectInfo::size).orElse(0L));
        String top = info.key().value().contains("/") ? info.key().value().substring(0, info.key().value().indexOf('/'))
                : info.key().value();
        synchronized (perTop) {
            perTop.merge(top, 1L, Long::sum);
        }
        return true;
    }

    private List<String> units(String top) throws IOException {
        return list(top).stream().map(i -> UNIT.matcher(i.key().value())).filter(Matcher::matches)
                .map(m -> m.group(1)).distinct().toList();
    }

    private static String unitOf(String key, String top) {
        int slash = key.indexOf('/', top.length());
        return slash < 0 ? key : key.substring(0, slash + 1);
    }

    private static boolean knownTop(String key) {
        for (String top : List.of("_system/", "schemas/", "indexes/", "journal/", "raw/", "curated/", "quarantine/")) {
            if (key.startsWith(top)) {
                return true;
            }
        }
        return false;
    }

    private static long seq(ObjectKey key) {
        Matcher m = SEQ.matcher(key.name());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private List<ObjectInfo> list(String prefix) throws IOException {
        return list(source, prefix);
    }

    private static List<ObjectInfo> list(ObjectStore store, String prefix) throws IOException {
        try (Stream<ObjectInfo> s = store.listAll(prefix)) {
            return s.toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void requireEmpty(ObjectStore store, String what) throws IOException {
        try (Stream<ObjectInfo> s = store.listAll("")) {
            Optional<ObjectInfo> any = s.findFirst();
            if (any.isPresent()) {
                throw new IOException(what + " is not empty (it holds " + any.get().key()
                        + "): back up into a new, empty directory or prefix");
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private String manifest(Instant start, Duration took, int retries) {
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"format\": 1,\n");
        b.append("  \"source\": \"").append(source.describe().replace("\"", "'")).append("\",\n");
        b.append("  \"started_at\": \"").append(start).append("\",\n");
        b.append("  \"finished_at\": \"").append(start.plus(took)).append("\",\n");
        b.append("  \"objects\": ").append(objects.get()).append(",\n");
        b.append("  \"bytes\": ").append(bytes.get()).append(",\n");
        b.append("  \"unit_retries\": ").append(retries).append(",\n");
        b.append("  \"objects_per_top_level\": {");
        synchronized (perTop) {
            String sep = "";
            for (Map.Entry<String, Long> e : perTop.entrySet()) {
                b.append(sep).append('"').append(e.getKey()).append("\": ").append(e.getValue());
                sep = ", ";
            }
        }
        b.append("}\n}\n");
        return b.toString();
    }
}
