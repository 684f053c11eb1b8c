package io.lakehouse.queryd.lake;

import io.lakehouse.queryd.engine.DuckDbEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one view per dataset under {@code <lake>/curated/}: creates views for new datasets, recreates a view when
 * its file set changed (its column list may have changed), drops views of removed datasets. Readers get the last
 * published snapshot without locking.
 */
public final class LakeCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(LakeCatalog.class);

    /** Dataset names become SQL view names; anything else under curated/ is ignored. */
    public static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");

    private final DuckDbEngine engine;
    private final Path curated;
    private final AtomicReference<Map<String, Entry>> published = new AtomicReference<>(Map.of());

    /** The view and the file-set fingerprint it was created for. */
    private record Entry(TableInfo info, long fingerprint) {
    }

    public LakeCatalog(DuckDbEngine engine, Path curated) {
        this.engine = Objects.requireNonNull(engine, "engine is null");
        this.curated = curated.toAbsolutePath().normalize();
    }

    /** The directory views read from. */
    public Path curated() {
        return curated;
    }

    public List<TableInfo> tables() {
        return published.get().values().stream().map(Entry::info).toList();
    }

    public Optional<TableInfo> table(String name) {
        return Optional.ofNullable(published.get().get(name)).map(Entry::info);
    }

    /** Reconciles the views with the directory; returns the table list. Serialised: the tick and POST /v1/refresh. */
    public synchronized List<TableInfo> refresh() throws SQLException, IOException {
        Map<String, Scan> found = scan();
        Map<String, Entry> before = published.get();
        Map<String, Entry> after = new TreeMap<>();
        for (Scan s : found.values()) {
            Entry old = before.get(s.name);
            if (old != null && old.fingerprint == s.fingerprint) {
                after.put(s.name, old);
                continue;
            }
            try {
                after.put(s.name, new Entry(createView(s), s.fingerprint));
                if (old == null) {
                    LOG.info("table {} added ({} files)", s.name, s.files);
                }
            } catch (SQLException e) {
                // A file being replaced or unreadable: keep the old view if any and try again on the next tick.
                LOG.warn("cannot create view {}: {}", s.name, firstLine(e.getMessage()));
                if (old != null) {
                    after.put(s.name, old);
                }
            }
        }
        for (String name : before.keySet()) {
            if (!found.containsKey(name)) {
                engine.admin(c -> {
                    try (Statement st = c.createStatement()) {
                        st.execute("DROP VIEW IF EXISTS " + name);
                    }
                    return null;
                });
                LOG.info("table {} removed", name);
            }
        }
        published.set(Map.copyOf(after));
        return tables();
    }

    private TableInfo createView(Scan s) throws SQLException {
        String glob = DuckDbEngine.directory(curated.resolve(s.name)) + "**/*.parquet";
        String sql = "CREATE OR REPLACE VIEW " + s.name + " AS SELECT * FROM read_parquet("
                + DuckDbEngine.literal(glob) + ", hive_partitioning = true, union_by_name = true)";
        List<TableInfo.Column> columns = engine.admin(c -> {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
            List<TableInfo.Column> cols = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type FROM duckdb_columns() "
                    + "WHERE table_name = ? AND schema_name = 'main' ORDER BY column_index")) {
                ps.setString(1, s.name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        cols.add(new TableInfo.Column(rs.getString(1), rs.getString(2)));
                    }
                }
            }
            return cols;
        });
        return new TableInfo(s.name, columns, s.files, s.partitions.size(), s.bytes);
    }

    private static final class Scan {
        final String name;
        long files;
        long bytes;
        long fingerprint = 17;
        final Set<String> partitions = new HashSet<>();

        Scan(String name) {
            this.name = name;
        }
    }

    /** Datasets with at least one Parquet file, with counts and a fingerprint of (path, size, mtime). */
    private Map<String, Scan> scan() throws IOException {
        Map<String, Scan> out = new TreeMap<>();
        if (!Files.isDirectory(curated)) {
            return out;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(curated)) {
            dirs = s.filter(Files::isDirectory).filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .sorted().toList();
        }
        for (Path dir : dirs) {
            Scan scan = new Scan(dir.getFileName().toString());
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().forEach(p -> {
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                        if (!a.isRegularFile()) {
                            return;
                        }
                        scan.files++;
                        scan.bytes += a.size();
                        Path rel = dir.relativize(p);
                        if (rel.getNameCount() > 1) {
                            scan.partitions.add(rel.getParent().toString());
                        }
                        scan.fingerprint = 31 * scan.fingerprint + rel.toString().hashCode();
                        scan.fingerprint = 31 * scan.fingerprint + a.size();
                        scan.fingerprint = 31 * scan.fingerprint + a.lastModifiedTime().toMillis();
                    } catch (NoSuchFileException gone) {
                        // Deleted while listing: not part of this scan.
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException)) {
                    throw e.getCause();
                }
            } catch (NoSuchFileException gone) {
                continue;
            }
            if (scan.files > 0) {
                out.put(scan.name, scan);
            }
        }
        return out;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
