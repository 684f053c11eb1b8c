package io.lakehouse.queryd.sql;

import io.lakehouse.queryd.QuerydProperties;
import io.lakehouse.queryd.engine.DuckDbEngine;
import io.lakehouse.shared.web.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one statement of POST /sql: lease a connection (429 past the limit), check the statement, prepare and bind,
 * run it under the statement timeout (a watchdog cancels it: 504), and write the answer in the negotiated format.
 */
final class QueryService implements AutoCloseable {
    private static final Pattern LINE = Pattern.compile("(?m)^LINE (\\d+):");

    private final DuckDbEngine engine;
    private final StatementGuard guard;
    private final QuerydProperties properties;
    private final JsonMapper json;
    private final QueryMetrics metrics;
    private final Path exportDir;
    private final ExecutorService workers;
    private final StatementWatchdog watchdog;

    QueryService(DuckDbEngine engine, QuerydProperties properties, JsonMapper json, QueryMetrics metrics,
                 Path exportDir) {
        this.engine = Objects.requireNonNull(engine, "engine is null");
        this.properties = Objects.requireNonNull(properties, "properties is null");
        this.json = Objects.requireNonNull(json, "json is null");
        this.metrics = Objects.requireNonNull(metrics, "metrics is null");
        this.exportDir = Objects.requireNonNull(exportDir, "exportDir is null");
        this.guard = new StatementGuard(json, 10_000);
        this.watchdog = new StatementWatchdog(properties.statementTimeout());
        AtomicInteger ids = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(properties.maxConcurrentStatements(), r -> {
            Thread t = new Thread(r, "queryd-sql-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void run(SqlRequest request, ResultFormat format, HttpServletResponse response) throws IOException {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            runLeased(request, format, response, start);
            outcome = "ok";
        } catch (StatementGuard.Rejected e) {
            outcome = e.error().code();
            metrics.rejected(e.reason().tag());
            throw e;
        } catch (ApiException e) {
            outcome = e.error().code();
            throw e;
        } catch (IOException e) {
            outcome = "aborted";
            throw e;
        } finally {
            metrics.record(outcome, format, System.nanoTime() - start);
        }
    }

    private void runLeased(SqlRequest request, ResultFormat format, HttpServletResponse response, long start)
            throws IOException {
        DuckDbEngine.Lease lease;
        try {
            lease = engine.tryLease().orElse(null);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a duckdb connection: " + e.getMessage(), e);
        }
        if (lease == null) {
            // The shared problem-details advice adds Retry-After to every 429.
            throw new ApiException(QuerydError.TOO_BUSY, "more than " + properties.maxConcurrentStatements()
                    + " statements running; retry shortly");
        }
        if (!Thread.currentThread().isVirtual()) {
            execute(lease, request, format, response, start);
            return;
        }
        // DuckDB calls are long JNI calls, which pin a virtual thread's carrier: with a carrier per core, two
        // running statements would stall every other request. On a virtual thread they run on platform threads
        // instead, one per permit, so this pool never queues; the request's virtual thread just waits.
        Future<?> work;
        try {
            work = workers.submit(() -> {
                execute(lease, request, format, response, start);
                return null;
            });
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        try {
            work.get();
        } catch (InterruptedException e) {
            work.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the statement ran", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException re -> throw re;
                case Error err -> throw err;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    private void execute(DuckDbEngine.Lease lease, SqlRequest request, ResultFormat format,
                         HttpServletResponse response, long start) throws IOException {
        AtomicBoolean timedOut = new AtomicBoolean();
        try (lease) {
            long cap = format.export ? properties.maxExportRows() : properties.maxRows();
            long limit = request.maxRows() == null ? cap : Math.min(request.maxRows(), cap);
            StatementGuard.Admitted admitted;
            try {
                // JSON and CSV fetch one row more than they answer, to tell a truncated result.
                admitted = guard.admit(lease, request.sql(), format.export ? limit : limit + 1);
            } catch (SQLException e) {
                throw sqlError(e, false);
            }
            switch (format) {
                case JSON, CSV -> tabular(lease, admitted, request, format, (int) limit, response, start, timedOut);
                case NDJSON -> ndjson(lease, admitted, request, response, timedOut);
                case PARQUET -> parquet(lease, admitted.sql(), request, response, timedOut);
            }
            if (timedOut.get()) {
                // Cancelled just as it finished: the connection may still carry the interrupt. Not reused.
                lease.discard();
            }
        } catch (SQLException e) {
            if (timedOut.get()) {
                lease.discard();
            }
            throw sqlError(e, timedOut.get());
        }
    }

    private ApiException sqlError(SQLException e, boolean timedOut) {
        if (timedOut) {
            return new ApiException(QuerydError.STATEMENT_TIMEOUT, "statement cancelled after "
                    + properties.statementTimeout().toMillis() + " ms (lakehouse.queryd.statement-timeout)");
        }
        String message = e.getMessage() == null ? "statement failed" : e.getMessage().strip();
        if (message.contains("Values were not provided for the following")) {
            return new ApiException(QuerydError.BAD_REQUEST, "the statement has ? placeholders and params is empty");
        }
        if (message.startsWith("Permission Error")) {
            metrics.rejected("permission_error");
            return new ApiException(QuerydError.READ_ONLY, userLines(message));
        }
        return new ApiException(QuerydError.SQL_ERROR, userLines(message));
    }

    /** The user's statement starts on line 2 of the wrapped text: renumber DuckDB's "LINE n:" to match theirs. */
    static String userLines(String message) {
        Matcher m = LINE.matcher(message);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            int line = Math.max(1, Integer.parseInt(m.group(1)) - 1);
            m.appendReplacement(b, "LINE " + line + ":");
        }
        m.appendTail(b);
        return b.toString();
    }

    /**
     * A statement ready to run. A statement seen for the first time without params is run directly: preparing it
     * and then executing binds the query twice, which for a view over many Parquet files means listing them and
     * reading their metadata twice (about 10 ms per query on the benchmark data). A repeated statement runs on a
     * statement prepared once per pooled connection ({@code cached}, not closed here), which skips DuckDB's parse
     * and plan: most of the cost of a small query.
     */
    private record Run(Statement statement, String sql, boolean prepared, boolean cached) implements AutoCloseable {
        // The driver's plain Statement is a PreparedStatement too: tell them apart by how they were made.
        ResultSet query() throws SQLException {
            return prepared ? ((PreparedStatement) statement).executeQuery() : statement.executeQuery(sql);
        }

        boolean execute() throws SQLException {
            return prepared ? ((PreparedStatement) statement).execute() : statement.execute(sql);
        }

        @Override
        public void close() throws SQLException {
            if (!cached) {
                statement.close();
            }
        }
    }

    private Run prepare(DuckDbEngine.Lease lease, String sql, SqlRequest request, boolean repeat)
            throws SQLException {
        if (!repeat && request.params().isEmpty()) {
            return new Run(lease.connection().createStatement(), sql, false, false);
        }
        PreparedStatement ps = repeat ? lease.prepared(sql) : lease.connection().prepareStatement(sql);
        try {
            int expected = ps.getParameterMetaData().getParameterCount();
            if (expected != request.params().size()) {
                throw new ApiException(QuerydError.BAD_REQUEST, expected > 0 && request.params().isEmpty()
                        ? "the statement has ? placeholders and params is empty"
                        : "the statement has " + expected + " placeholder(s); params has " + request.params().size()
                                + " value(s)");
            }
            for (int i = 0; i < expected; i++) {
                bind(ps, i + 1, request.params().get(i));
            }
            return new Run(ps, sql, true, repeat);
        } catch (SQLException | RuntimeException e) {
            if (!repeat) {
                ps.close();
            }
            throw e;
        }
    }

    private static void bind(PreparedStatement ps, int index, JsonNode v) throws SQLException {
        if (v.isNull()) {
            ps.setObject(index, null);
        } else if (v.isBoolean()) {
            ps.setBoolean(index, v.booleanValue());
        } else if (v.isIntegralNumber() && v.canConvertToLong()) {
            ps.setLong(index, v.longValue());
        } else if (v.isIntegralNumber() || v.isBigDecimal()) {
            ps.setBigDecimal(index, v.decimalValue());
        } else if (v.isNumber()) {
            ps.setDouble(index, v.doubleValue());
        } else if (v.isString()) {
            ps.setString(index, v.asString());
        } else {
            throw new ApiException(QuerydError.BAD_REQUEST,
                    "params[" + (index - 1) + "] must be a string, number, boolean or null");
        }
    }

    private StatementWatchdog.Watch arm(Run run, AtomicBoolean timedOut) {
        return watchdog.watch(run.statement(), timedOut);
    }

    private void tabular(DuckDbEngine.Lease lease, StatementGuard.Admitted admitted, SqlRequest request,
                         ResultFormat format, int maxRows, HttpServletResponse response, long start,
                         AtomicBoolean timedOut) throws SQLException, IOException {
        // The whole answer is encoded before anything is sent, so a failure midway is still a problem document.
        ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
        long rows;
        try (Run run = prepare(lease, admitted.sql(), request, admitted.repeat())) {
            StatementWatchdog.Watch deadline = arm(run, timedOut);
            try (ResultSet rs = run.query()) {
                Table t = new Table(rs);
                long maxBytes = properties.maxResultSize().toBytes();
                rows = format == ResultFormat.JSON ? writeJson(t, rs, maxRows, maxBytes, body, start)
                        : writeCsv(t, rs, maxRows, maxBytes, body);
            } finally {
                deadline.close();
            }
        }
        metrics.rows(rows);
        response.setStatus(200);
        response.setContentType(format == ResultFormat.JSON ? "application/json" : "text/csv;charset=UTF-8");
        response.setContentLength(body.size());
        body.writeTo(response.getOutputStream());
    }

    /** Column names, types and how each is read. */
    private static final class Table {
        final int n;
        final String[] names;
        final String[] types;
        final Values.Kind[] kinds;

        Table(ResultSet rs) throws SQLException {
            ResultSetMetaData md = rs.getMetaData();
            n = md.getColumnCount();
            names = new String[n];
            types = new String[n];
            kinds = new Values.Kind[n];
            for (int i = 0; i < n; i++) {
                names[i] = md.getColumnName(i + 1);
                types[i] = md.getColumnTypeName(i + 1);
                kinds[i] = Values.Kind.of(types[i]);
            }
        }

        /** Names made unique for object keys: a repeated {@code a} becomes {@code a_2}. */
        String[] uniqueNames() {
            String[] out = new String[n];
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < n; i++) {
                String name = names[i];
                for (int k = 2; !seen.add(name); k++) {
                    name = names[i] + "_" + k;
                }
                out[i] = name;
            }
            return out;
        }
    }

    private long writeJson(Table t, ResultSet rs, int maxRows, long maxBytes, ByteArrayOutputStream buf, long start)
            throws SQLException {
        long count = 0;
        boolean truncated = false;
        try (JsonGenerator g = json.createGenerator(buf)) {
            g.writeStartObject();
            g.writeName("columns");
            g.writeStartArray();
            for (int i = 0; i < t.n; i++) {
                g.writeStartObject();
                g.writeStringProperty("name", t.names[i]);
                g.writeStringProperty("type", t.types[i]);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeName("rows");
            g.writeStartArray();
            while (rs.next()) {
                if (count == maxRows || buf.size() > maxBytes) {
                    truncated = true;
                    break;
                }
                g.writeStartArray();
                for (int i = 0; i < t.n; i++) {
                    write(g, rs, i + 1, t.kinds[i]);
                }
                g.writeEndArray();
                count++;
                if ((count & 15) == 0) {
                    g.flush();
                }
            }
            g.writeEndArray();
            g.writeNumberProperty("row_count", count);
            g.writeBooleanProperty("truncated", truncated);
            g.writeNumberProperty("elapsed_ms", Math.round((System.nanoTime() - start) / 10_000.0) / 100.0);
            g.writeEndObject();
        }
        return count;
    }

    /**
     * Writes one column of the current row: the scalar kinds straight from the driver's typed getter, without a
     * boxed value in between; the same mapping as {@link Values#read} followed by {@link #write(JsonGenerator, Object)}.
     */
    static void write(JsonGenerator g, ResultSet rs, int column, Values.Kind kind) throws SQLException {
        switch (kind) {
            case BOOLEAN -> {
                boolean v = rs.getBoolean(column);
                if (rs.wasNull()) {
                    g.writeNull();
                } else {
                    g.writeBoolean(v);
                }
            }
            case INT -> {
                int v = rs.getInt(column);
                if (rs.wasNull()) {
                    g.writeNull();
                } else {
                    g.writeNumber(v);
                }
            }
            case LONG -> {
                long v = rs.getLong(column);
                if (rs.wasNull()) {
                    g.writeNull();
                } else if (v > Values.MAX_EXACT || v < -Values.MAX_EXACT) {
                    g.writeString(Long.toString(v));
                } else {
                    g.writeNumber(v);
                }
            }
            case DOUBLE -> {
                double v = rs.getDouble(column);
                if (rs.wasNull()) {
                    g.writeNull();
                } else if (Double.isNaN(v) || Double.isInfinite(v)) {
                    g.writeString((String) Values.ofDouble(v));
                } else {
                    g.writeNumber(v);
                }
            }
            case STRING -> {
                String v = rs.getString(column);
                if (v == null) {
                    g.writeNull();
                } else {
                    g.writeString(v);
                }
            }
            default -> write(g, Values.read(rs, column, kind));
        }
    }

    static void write(JsonGenerator g, Object v) {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Double d -> g.writeNumber(d);
            case Boolean b -> g.writeBoolean(b);
            case List<?> list -> {
                g.writeStartArray();
                for (Object o : list) {
                    write(g, o);
                }
                g.writeEndArray();
            }
            case Map<?, ?> map -> {
                g.writeStartObject();
                for (var e : map.entrySet()) {
                    g.writeName(String.valueOf(e.getKey()));
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            default -> g.writeString(v.toString());
        }
    }

    private long writeCsv(Table t, ResultSet rs, int maxRows, long maxBytes, ByteArrayOutputStream buf)
            throws SQLException, IOException {
        StringBuilder line = new StringBuilder(256);
        for (int i = 0; i < t.n; i++) {
            if (i > 0) {
                line.append(',');
            }
            csvField(line, t.names[i]);
        }
        line.append("\r\n");
        buf.write(line.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long count = 0;
        while (count < maxRows && buf.size() <= maxBytes && rs.next()) {
            line.setLength(0);
            for (int i = 0; i < t.n; i++) {
                if (i > 0) {
                    line.append(',');
                }
                Object v = Values.read(rs, i + 1, t.kinds[i]);
                if (v == null) {
                    continue;
                }
                csvField(line, v instanceof List || v instanceof Map ? json.writeValueAsString(v) : v.toString());
            }
            line.append("\r\n");
            buf.write(line.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            count++;
        }
        return count;
    }

    /** RFC 4180: quote a field holding a comma, quote, CR or LF, and the empty string (NULL is an empty field). */
    static void csvField(StringBuilder b, String s) {
        boolean quote = s.isEmpty();
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            b.append(s);
            return;
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                b.append('"');
            }
            b.append(c);
        }
        b.append('"');
    }

    private void ndjson(DuckDbEngine.Lease lease, StatementGuard.Admitted admitted, SqlRequest request,
                        HttpServletResponse response, AtomicBoolean timedOut) throws SQLException, IOException {
        try (Run run = prepare(lease, admitted.sql(), request, admitted.repeat())) {
            ResultSet rs;
            StatementWatchdog.Watch deadline = arm(run, timedOut);
            try {
                // The driver materialises the result natively here; rows then move to Java one chunk at a time.
                rs = run.query();
            } finally {
                deadline.close();
            }
            long count = 0;
            try (rs) {
                Table t = new Table(rs);
                String[] keys = t.uniqueNames();
                response.setStatus(200);
                response.setContentType("application/x-ndjson");
                OutputStream out = response.getOutputStream();
                // No root-value separator: Jackson would put a space before every object after the first.
                try (JsonGenerator g = json.writer().withRootValueSeparator((String) null)
                        .createGenerator(new NonClosing(out))) {
                    while (rs.next()) {
                        g.writeStartObject();
                        for (int i = 0; i < t.n; i++) {
                            g.writeName(keys[i]);
                            write(g, rs, i + 1, t.kinds[i]);
                        }
                        g.writeEndObject();
                        g.writeRaw('\n');
                        count++;
                    }
                }
            } finally {
                metrics.rows(count);
            }
        }
    }

    private void parquet(DuckDbEngine.Lease lease, String sql, SqlRequest request, HttpServletResponse response,
                         AtomicBoolean timedOut) throws SQLException, IOException {
        Path file = exportDir.resolve(UUID.randomUUID() + ".parquet");
        String copy = "COPY (\n" + sql + "\n) TO " + DuckDbEngine.literal(file.toString())
                + " (FORMAT parquet, COMPRESSION zstd)";
        try {
            long rows = -1;
            // A COPY to a fresh file name never repeats: never cached.
            try (Run run = prepare(lease, copy, request, false)) {
                StatementWatchdog.Watch deadline = arm(run, timedOut);
                try {
                    if (run.execute()) {
                        try (ResultSet rs = run.statement().getResultSet()) {
                            if (rs.next()) {
                                rows = rs.getLong(1);
                            }
                        }
                    }
                } finally {
                    deadline.close();
                }
            }
            if (rows >= 0) {
                metrics.rows(rows);
                response.setHeader("X-Row-Count", Long.toString(rows));
            }
            response.setStatus(200);
            response.setContentType("application/vnd.apache.parquet");
            response.setContentLengthLong(Files.size(file));
            Files.copy(file, response.getOutputStream());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Keeps the generator from closing the servlet stream; the container completes the response. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    @Override
    public void close() {
        watchdog.close();
        workers.shutdownNow();
    }

}
