package io.lakehouse.queryd.lake;

import io.lakehouse.store.ObjectInfo;
import io.lakehouse.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local copy of {@code curated/} for stores DuckDB cannot read directly (S3): each {@link #sync()} lists the
 * prefix, downloads objects whose ETag changed (temp file + atomic rename, so a query never reads half a file) and
 * deletes files whose object is gone.
 */
public final class CuratedMirror {
    private static final Logger LOG = LoggerFactory.getLogger(CuratedMirror.class);
    static final String PREFIX = "curated/";

    private final ObjectStore store;
    private final Path root;
    private final Path staging;
    private final Map<String, String> etags = new HashMap<>();

    /** {@code root} is the mirror of the store root; the copy of {@code curated/} lives in {@code root/curated}. */
    public CuratedMirror(ObjectStore store, Path root) throws IOException {
        this.store = Objects.requireNonNull(store, "store is null");
        this.root = root.toAbsolutePath().normalize();
        this.staging = this.root.resolve(".staging");
        // Start clean: what a previous run left behind has no known ETag.
        deleteTree(this.root.resolve("curated"));
        deleteTree(staging);
        Files.createDirectories(this.root.resolve("curated"));
        Files.createDirectories(staging);
    }

    public Path curated() {
        return root.resolve("curated");
    }

    /** Brings the mirror up to date; returns the number of files downloaded or deleted. */
    public synchronized int sync() throws IOException {
        Map<String, ObjectInfo> remote = new HashMap<>();
        try (Stream<ObjectInfo> all = store.listAll(PREFIX)) {
            all.filter(o -> wanted(o.key().value())).forEach(o -> remote.put(o.key().value(), o));
        }
        int changes = 0;
        for (ObjectInfo o : remote.values()) {
            String key = o.key().value();
            if (o.etag().equals(etags.get(key))) {
                continue;
            }
            Optional<InputStream> in = store.get(o.key());
            if (in.isEmpty()) {
                continue;
            }
            Path tmp = staging.resolve(UUID.randomUUID() + ".tmp");
            Path target = root.resolve(key).normalize();
            if (!target.startsWith(curated())) {
                continue;
            }
            try (InputStream stream = in.get()) {
                Files.copy(stream, tmp);
                Files.createDirectories(target.getParent());
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            etags.put(key, o.etag());
            changes++;
        }
        Set<String> gone = new HashSet<>(etags.keySet());
        gone.removeAll(remote.keySet());
        for (String key : gone) {
            Path p = root.resolve(key).normalize();
            Files.deleteIfExists(p);
            pruneEmptyParents(p.getParent());
            etags.remove(key);
            changes++;
        }
        if (changes > 0) {
            LOG.debug("mirror of {}{}: {} changes", store.describe(), PREFIX, changes);
        }
        return changes;
    }

    /** {@code curated/<dataset>/.../*.parquet} with a valid dataset name. */
    static boolean wanted(String key) {
        if (!key.startsWith(PREFIX) || !key.endsWith(".parquet")) {
            return false;
        }
        String rest = key.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        return slash > 0 && LakeCatalog.NAME.matcher(rest.substring(0, slash)).matches();
    }

    private void pruneEmptyParents(Path dir) {
        Path d = dir;
        Path stop = curated();
        while (d != null && d.startsWith(stop) && !d.equals(stop)) {
            try (Stream<Path> s = Files.list(d)) {
                if (s.findAny().isPresent()) {
                    return;
                }
                Files.delete(d);
            } catch (IOException e) {
                return;
            }
            d = d.getParent();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
