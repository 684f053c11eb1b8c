package io.lakehouse.materializer.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lakehouse.store.ObjectKey;
import io.lakehouse.store.LocalObjectStore;
import io.lakehouse.store.ObjectStore;
import io.lakehouse.validation.Contract;
import io.lakehouse.validation.FastValidator;
import io.lakehouse.validation.ValidationEngine;
import io.lakehouse.validation.ValidationError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Materializes one raw object, exactly once whatever crashes in between:
 * <ol>
 *   <li>stage: validate every line (valid lines to a local NDJSON file, rejects with their errors to a local
 *       quarantine file), write Parquet locally, upload every output under {@code _system/materializer/staging/},
 *       then the staging manifest;</li>
 *   <li>commit: move each staged file to its final key ({@code curated/...}, {@code quarantine/...}; each move is
 *       atomic for readers, a rename on the local store, and the names are deterministic, so a repeated commit finds
 *       the target already in place);</li>
 *   <li>write the done-marker last, then drop the staging objects.</li>
 * </ol>
 * A rerun skips objects with a done-marker, commits objects with a manifest, and stages the rest from scratch.
 */
final class ObjectMaterializer {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ObjectMaterializer.class);
    static final int PARALLEL_TRANSFERS = 16;
    /** Bytes of whole lines per validation task. */
    static final int BLOCK = 1 << 20;
    private final ObjectStore store;
    private final ValidationEngine engine;
    private final FastValidator fast;
    private final JsonMapper json;
    private final ParquetWriter parquet;
    private final Path workDir;
    private final Consumer<String> pause;
    private final ExecutorService workers;
    private final int workerCount;
    /** Declared element type, so each error keeps its externally tagged shape. */
    private final ObjectWriter errorsWriter;

    /** @param fast the contract's byte-level fast path, or null (every line then goes through the engine) */
    ObjectMaterializer(ObjectStore store, ValidationEngine engine, FastValidator fast, JsonMapper json,
                       ParquetWriter parquet, Path workDir, Consumer<String> pause, ExecutorService workers,
                       int workerCount) {
        this.fast = fast;
        this.workers = workers;
        this.workerCount = workerCount;
        this.store = store;
        this.engine = engine;
        this.json = json;
        this.parquet = parquet;
        this.workDir = workDir;
        this.pause = pause;
        this.errorsWriter = json.writerFor(new TypeReference<List<ValidationError>>() { });
    }

    /** What the staging manifest and the done-marker hold. */
    record Manifest(@JsonProperty("object") String object,
                    @JsonProperty("contract_version") int contractVersion,
                    @JsonProperty("records") long records,
                    @JsonProperty("valid") long valid,
                    @JsonProperty("invalid") long invalid,
                    @JsonProperty("files") List<StagedFile> files) {
        long parquetFiles() {
            return files.stream().filter(f -> f.target().startsWith("curated/")).count();
        }

        long parquetBytes() {
            return files.stream().filter(f -> f.target().startsWith("curated/")).mapToLong(StagedFile::bytes).sum();
        }

        List<String> partitions() {
            TreeSet<String> out = new TreeSet<>();
            for (StagedFile f : files) {
                if (f.target().startsWith("curated/")) {
                    String[] parts = f.target().split("/");
                    out.add(parts[2]);
                }
            }
            return List.copyOf(out);
        }
    }

    record StagedFile(@JsonProperty("target") String target, @JsonProperty("staged") String staged,
                      @JsonProperty("bytes") long bytes) {
    }

    /** Materializes {@code raw} unless it is done; returns its manifest, or empty when it was already done. */
    Optional<Manifest> materialize(Layout.Raw raw, Contract contract, Map<String, String> columns, AtomicLong progress)
            throws IOException, SQLException {
        if (store.stat(Layout.done(raw)).isPresent()) {
            return Optional.empty();
        }
        Manifest manifest = store.getBytes(Layout.stagingManifest(raw))
                .map(b -> json.readValue(b, Manifest.class))
                .orElse(null);
        if (manifest == null) {
            manifest = stage(raw, contract, columns, progress);
        } else {
            progress.addAndGet(manifest.records());
        }
        commit(raw, manifest);
        return Optional.of(manifest);
    }

    private Manifest stage(Layout.Raw raw, Contract contract, Map<String, String> columns, AtomicLong progress)
            throws IOException, SQLException {
        Path dir = workDir.resolve(raw.dataset() + "-" + raw.id());
        deleteTree(dir);
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        long tValidated = t0;
        long tParquet = t0;
        try {
            Path valid = dir.resolve("valid.ndjson");
            Path rejects = dir.resolve("quarantine.ndjson");
            long records = 0;
            long validCount = 0;
            long invalidCount = 0;
            InputStream in = store.get(raw.key())
                    .orElseThrow(() -> new IOException("raw object vanished: " + raw.key()));
            BlockChecker checker = new BlockChecker(engine, contract, fast);
            // On the local backend the raw object is a file: while every line passes through unchanged, nothing is
            // copied and DuckDB reads the raw file itself.
            Path rawFile = store instanceof LocalObjectStore local ? local.pathOf(raw.key()) : null;
            ValidSink sink = new ValidSink(valid, rawFile);
            try (InputStream raws = in;
                 ValidSink validOut = sink;
                 OutputStream rejectOut = new java.io.BufferedOutputStream(Files.newOutputStream(rejects), 1 << 16)) {
                // Blocks of whole lines are checked on the worker pool and written back in input order; at most
                // 2 x workers blocks are in flight, so memory stays bounded whatever the object size.
                LineBlocks blocks = new LineBlocks(raws, BLOCK);
                Deque<Future<BlockChecker.Checked>> inflight = new ArrayDeque<>();
                int maxInflight = 2 * workerCount;
                long[] counts = new long[4]; // records, valid, invalid, lines so far
                LineBlocks.Block block;
                while ((block = blocks.next()) != null) {
                    LineBlocks.Block b = block;
                    inflight.add(workers.submit(() -> checker.check(b.bytes(), b.length())));
                    if (inflight.size() >= maxInflight) {
                        drain(inflight.removeFirst(), raw, validOut, rejectOut, counts, progress);
                    }
                }
                while (!inflight.isEmpty()) {
                    drain(inflight.removeFirst(), raw, validOut, rejectOut, counts, progress);
                }
                records = counts[0];
                validCount = counts[1];
                invalidCount = counts[2];
            }
            tValidated = System.nanoTime();
            tParquet = tValidated;
            List<StagedFile> staged = new ArrayList<>();
            if (validCount > 0) {
                Path out = dir.resolve("out");
                List<ParquetWriter.Written> written = parquet.write(sink.file(), columns, contract.partitionBy(), raw.day(),
                        out, raw.id());
                tParquet = System.nanoTime();
                List<Callable<StagedFile>> uploads = new ArrayList<>();
                for (ParquetWriter.Written w : written) {
                    String[] parts = w.relative().split("/");
                    ObjectKey target = Layout.curated(raw.dataset(), parts[0], parts[parts.length - 1]);
                    uploads.add(() -> upload(raw, target, w.path()));
                }
                if (!uploads.isEmpty()) {
                    staged.add(call(uploads.getFirst()));
                    pause.accept("writing");
                    staged.addAll(parallel(uploads.subList(1, uploads.size())));
                }
            }
            if (invalidCount > 0) {
                staged.add(upload(raw, Layout.quarantine(raw), rejects));
            }
            Manifest manifest = new Manifest(raw.key().value(), contract.version(), records, validCount, invalidCount,
                    staged);
            store.put(Layout.stagingManifest(raw), json.writeValueAsBytes(manifest));
            long tStaged = System.nanoTime();
            LOG.info("{}: staged {} records ({} invalid): read and validate {} s, Parquet {} s, staging {} files {} s",
                    raw.key(), records, invalidCount, secs(t0, tValidated), secs(tValidated, tParquet),
                    staged.size(), secs(tParquet, tStaged));
            pause.accept("staged");
            return manifest;
        } finally {
            long t = System.nanoTime();
            deleteTree(dir);
            LOG.info("{}: work files removed in {} s", raw.key(), secs(t, System.nanoTime()));
        }
    }

    private void drain(Future<BlockChecker.Checked> future, Layout.Raw raw, ValidSink validOut,
                       OutputStream rejectOut, long[] counts, AtomicLong progress) throws IOException {
        BlockChecker.Checked checked;
        try {
            checked = future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("validation failed: " + e.getCause(), e.getCause());
        }
        validOut.write(checked);
        for (BlockChecker.Reject r : checked.rejects()) {
            ObjectNode q = json.createObjectNode();
            q.put("object", raw.key().value());
            q.put("line", counts[3] + r.line() + 1);
            q.set("errors", json.readTree(errorsWriter.writeValueAsBytes(r.errors())));
            if (r.record() != null) {
                q.set("record", r.record());
            } else {
                q.put("record_text", r.text());
            }
            rejectOut.write(json.writeValueAsBytes(q));
            rejectOut.write('\n');
        }
        counts[0] += checked.records();
        counts[1] += checked.records() - checked.rejects().size();
        counts[2] += checked.rejects().size();
        counts[3] += checked.lines();
        progress.addAndGet(checked.records());
    }

    /** Stages a local output file; the file is consumed (on the local store, renamed into the store). */
    private StagedFile upload(Layout.Raw raw, ObjectKey target, Path file) throws IOException {
        ObjectKey staged = Layout.staged(raw, target.value());
        long size = Files.size(file);
        store.putFile(staged, file);
        return new StagedFile(target.value(), staged.value(), size);
    }

    private static String secs(long from, long to) {
        return String.format(java.util.Locale.ROOT, "%.2f", (to - from) / 1e9);
    }

    private void commit(Layout.Raw raw, Manifest manifest) throws IOException {
        long t0 = System.nanoTime();
        List<Callable<StagedFile>> copies = new ArrayList<>();
        for (StagedFile f : manifest.files()) {
            copies.add(() -> {
                moveIntoPlace(f);
                return f;
            });
        }
        parallel(copies);
        long tCopied = System.nanoTime();
        pause.accept("committing");
        store.put(Layout.done(raw), json.writeValueAsBytes(manifest));
        long tDone = System.nanoTime();
        dropStaging(raw);
        LOG.info("{}: committed {} files {} s, done-marker {} s, staging cleanup {} s", raw.key(),
                manifest.files().size(), secs(t0, tCopied), secs(tCopied, tDone), secs(tDone, System.nanoTime()));
    }

    private void moveIntoPlace(StagedFile f) throws IOException {
        // On the local backend a rename: no bytes move and no file fsync (the staged file was fsynced when put), and
        // nothing is left for the staging cleanup.
        if (!store.move(ObjectKey.of(f.staged()), ObjectKey.of(f.target()))) {
            // Moved by an earlier attempt: the target must be there.
            if (store.stat(ObjectKey.of(f.target())).isEmpty()) {
                throw new IOException("staged file " + f.staged() + " and its target " + f.target()
                        + " are both missing");
            }
        }
    }

    /**
     * Runs store transfers {@value #PARALLEL_TRANSFERS} at a time: a day-partitioned object yields hundreds of small
     * files and each put waits on an fsync (local) or a round trip (S3).
     */
    private static <T> List<T> parallel(List<Callable<T>> tasks) throws IOException {
        if (tasks.size() <= 1) {
            List<T> out = new ArrayList<>();
            for (Callable<T> t : tasks) {
                out.add(call(t));
            }
            return out;
        }
        Semaphore permits = new Semaphore(PARALLEL_TRANSFERS);
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> t : tasks) {
                futures.add(ex.submit(() -> {
                    permits.acquire();
                    try {
                        return t.call();
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    out.add(f.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException(c.getMessage(), c);
                }
            }
            return out;
        }
    }

    private static <T> T call(Callable<T> t) throws IOException {
        try {
            return t.call();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Removes the staging objects of a raw object (after its done-marker, or when a rerun finds them orphaned). */
    void dropStaging(Layout.Raw raw) throws IOException {
        List<ObjectKey> keys;
        try (Stream<io.lakehouse.store.ObjectInfo> s = store.listAll(Layout.stagingPrefix(raw))) {
            keys = s.map(io.lakehouse.store.ObjectInfo::key).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        // The manifest goes last, so a crash here leaves either a commit-able manifest or nothing.
        List<Callable<Boolean>> deletes = new ArrayList<>();
        for (ObjectKey k : keys) {
            if (!k.equals(Layout.stagingManifest(raw))) {
                deletes.add(() -> store.delete(k));
            }
        }
        parallel(deletes);
        store.delete(Layout.stagingManifest(raw));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
