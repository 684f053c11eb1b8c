package io.lakehouse.queryd.engine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.LinkedHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;

/**
 * The one embedded DuckDB instance, locked down at open: reads and writes only inside the allowed directories
 * (the curated lake and queryd's scratch directory), no extension installs or loads, no temp directory, and the
 * configuration locked so user SQL cannot undo any of it.
 *
 * <p>User statements run on connections duplicated from the instance; at most {@code maxConcurrent} are leased at
 * once ({@link #tryLease()} answers empty past that). Views are created through the admin connection only.
 */
public final class DuckDbEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbEngine.class);

    /** What the instance is opened with. Directories are absolute; DuckDB matches them as path prefixes. */
    public record Settings(List<Path> allowedDirectories, DataSize memoryLimit, int threads, int maxConcurrent) {
        public Settings {
            allowedDirectories = List.copyOf(Objects.requireNonNull(allowedDirectories, "allowedDirectories is null"));
            Objects.requireNonNull(memoryLimit, "memoryLimit is null");
            if (threads < 1 || maxConcurrent < 1) {
                throw new IllegalArgumentException("threads and maxConcurrent must be positive");
            }
        }
    }

    private final DuckDBConnection admin;
    private final Semaphore permits;
    /** Idle connections, most recently returned first: the busy few stay warm, with their statements prepared. */
    private final ConcurrentLinkedDeque<Pooled> idle = new ConcurrentLinkedDeque<>();

    /** Prepared statements kept per pooled connection; the least recently used one is closed past this. */
    static final int STATEMENTS_PER_CONNECTION = 64;

    /** A connection of the pool with the statements prepared on it, least recently used first. */
    private record Pooled(DuckDBConnection connection, Map<String, PreparedStatement> statements) {
        Pooled(DuckDBConnection connection) {
            this(connection, new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                    if (size() <= STATEMENTS_PER_CONNECTION) {
                        return false;
                    }
                    try {
                        eldest.getValue().close();
                    } catch (SQLException e) {
                        LOG.debug("closing a cached statement failed: {}", e.getMessage());
                    }
                    return true;
                }
            });
        }
    }
    private final Settings settings;
    private volatile boolean closed;

    public DuckDbEngine(Settings settings) throws SQLException {
        this.settings = settings;
        this.permits = new Semaphore(settings.maxConcurrent());
        Properties props = new Properties();
        props.setProperty("duckdb_api", "lakehouse-queryd");
        this.admin = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", props);
        try (Statement s = admin.createStatement()) {
            for (String sql : lockdown(settings)) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            admin.close();
            throw e;
        }
        LOG.info("duckdb open: memory_limit={}, threads={}, allowed_directories={}, max concurrent statements={}",
                settings.memoryLimit(), settings.threads(), settings.allowedDirectories(), settings.maxConcurrent());
    }

    /**
     * Order matters: {@code allowed_directories} cannot change once external access is off, and nothing can change
     * once the configuration is locked. {@code temp_directory=''} closes the implicit grant of {@code .tmp}.
     */
    static List<String> lockdown(Settings s) {
        List<String> sql = new ArrayList<>();
        sql.add("SET TimeZone = 'UTC'");
        sql.add("SET memory_limit = '" + s.memoryLimit().toMegabytes() + "MB'");
        sql.add("SET threads = " + s.threads());
        sql.add("SET temp_directory = ''");
        sql.add("SET autoinstall_known_extensions = false");
        sql.add("SET autoload_known_extensions = false");
        StringBuilder dirs = new StringBuilder("SET allowed_directories = [");
        for (int i = 0; i < s.allowedDirectories().size(); i++) {
            dirs.append(i == 0 ? "" : ", ").append(literal(directory(s.allowedDirectories().get(i))));
        }
        sql.add(dirs.append(']').toString());
        sql.add("SET enable_external_access = false");
        sql.add("SET lock_configuration = true");
        return sql;
    }

    /** An absolute directory with a trailing separator, so {@code /lake/curated} does not also grant {@code /lake/curated2}. */
    public static String directory(Path p) {
        String s = p.toAbsolutePath().normalize().toString();
        return s.endsWith("/") ? s : s + "/";
    }

    /** A SQL string literal. */
    public static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    public Settings settings() {
        return settings;
    }

    /** A connection for one statement, or empty when {@code maxConcurrent} statements are running. */
    public Optional<Lease> tryLease() throws SQLException {
        if (closed || !permits.tryAcquire()) {
            return Optional.empty();
        }
        try {
            Pooled p = idle.pollFirst();
            if (p == null || p.connection.isClosed()) {
                p = new Pooled(admin.duplicate());
            }
            return Optional.of(new Lease(p));
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Statements running now. */
    public int active() {
        return settings.maxConcurrent() - permits.availablePermits();
    }

    /** Runs DDL and catalog queries on the admin connection, one caller at a time. */
    public synchronized <T> T admin(AdminWork<T> work) throws SQLException {
        if (closed) {
            throw new SQLException("duckdb is closed");
        }
        return work.run(admin);
    }

    /** Work on the admin connection. */
    @FunctionalInterface
    public interface AdminWork<T> {
        T run(Connection c) throws SQLException;
    }

    @Override
    public synchronized void close() {
        closed = true;
        Pooled p;
        while ((p = idle.poll()) != null) {
            closeQuietly(p.connection);
        }
        closeQuietly(admin);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing a duckdb connection failed: {}", e.getMessage());
        }
    }

    /**
     * One leased connection. Users cannot change session state (the statement check admits reading statements only
     * and the configuration is locked), so a returned connection is safe to reuse; {@link #discard()} drops one that
     * was cancelled.
     */
    public final class Lease implements AutoCloseable {
        private final Pooled pooled;
        private boolean discard;
        private boolean closed;

        private Lease(Pooled pooled) {
            this.pooled = pooled;
        }

        public DuckDBConnection connection() {
            return pooled.connection;
        }

        /**
         * A statement prepared once per pooled connection and reused: queryd's own statements, and admitted user
         * statements that repeat (executing a prepared statement skips DuckDB's parse and plan, most of the cost of
         * a small query; a statement over the lake's views still lists their files at every execution, so it sees
         * new and removed files). The driver closes a statement after a failure, so a closed one is prepared again.
         * The caller must close the result set before it asks for another statement.
         */
        public PreparedStatement prepared(String sql) throws SQLException {
            PreparedStatement ps = pooled.statements.get(sql);
            if (ps == null || ps.isClosed()) {
                ps = pooled.connection.prepareStatement(sql);
                pooled.statements.put(sql, ps);
            }
            return ps;
        }

        public void discard() {
            discard = true;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (discard || DuckDbEngine.this.closed) {
                    closeQuietly(pooled.connection);
                } else {
                    idle.offerFirst(pooled);
                }
            } finally {
                permits.release();
            }
        }
    }
}
