// Benchmarks for queryd, run as a single-file program with the DuckDB JDBC jar on the class path:
//   java --enable-native-access=ALL-UNNAMED -cp duckdb_jdbc.jar BenchQueryd.java generate LAKE_DIR [PLACEMENTS]
//   java --enable-native-access=ALL-UNNAMED -cp duckdb_jdbc.jar BenchQueryd.java compare LAKE_DIR QUERYD_URL THREADS MEMORY ROUNDS [QUERYD_PID]
// "generate" writes deterministic staffing data (job_order, placement) as Hive-partitioned Parquet by dt;
// "compare" runs each analytic query through POST /sql and on an in-process DuckDB over the same files,
// interleaved round by round in one run (rounds across all queries; which side goes first alternates), after the
// same warm-up of both sides with the same queries, and prints the median of each and the median of the per-round
// ratio (with its quartiles). Columns besides: the time to the first
// byte of the answer, the answer's size, the server's own elapsed_ms (statement + JSON encoding, without HTTP).
// With QUERYD_PID it also prints the CPU time each side spent (all threads of the queryd process per request; all
// threads of this process per in-process query, read from /proc/<pid>/task/*/schedstat): unlike wall time, hardly
// moved by other load; and queryd's JIT compiler threads' share of it, which says whether the server was warm.
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class BenchQueryd {
    /**
     * Warm-up before measuring, both sides alike: every query in turn through /sql and in-process for this long
     * (and at least 3 rounds). The script warms the server's request path with SELECT 42 before; this warms what the
     * analytic answers add (row encoding, the driver's getters), which on 2 cores otherwise still compiles during
     * the measured rounds: measured, queryd's JIT threads took 4-40 ms of CPU per query then.
     */
    static final long WARMUP_NANOS = Long.getLong("warmup.seconds", 20) * 1_000_000_000L;

    static final Map<String, String> QUERIES = new LinkedHashMap<>();
    static {
        QUERIES.put("group_by", "SELECT status, count(*) AS n, avg(bill_rate) AS avg_bill, sum(hours) AS hours "
                + "FROM placement GROUP BY status ORDER BY status");
        QUERIES.put("join", "SELECT j.client, count(*) AS placements, sum(p.bill_rate * p.hours) AS revenue "
                + "FROM placement p JOIN job_order j ON p.job_order_id = j.id GROUP BY j.client ORDER BY revenue DESC LIMIT 20");
        QUERIES.put("filter_dt", "SELECT count(*) AS n, avg(bill_rate) AS avg_bill FROM placement "
                + "WHERE dt BETWEEN DATE '2026-10-05' AND DATE '2026-10-11' AND status = 'active'");
        QUERIES.put("top_rows", "SELECT id, candidate_id, bill_rate, dt FROM placement WHERE hours > 38 "
                + "ORDER BY bill_rate DESC, id LIMIT 1000");
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "generate" -> generate(Path.of(args[1]), args.length > 2 ? Long.parseLong(args[2]) : 1_000_000);
            case "compare" -> compare(Path.of(args[1]), args[2], Integer.parseInt(args[3]), args[4],
                    Integer.parseInt(args[5]), args.length > 6 ? Long.parseLong(args[6]) : -1);
            default -> throw new IllegalArgumentException("generate | compare");
        }
    }

    static void generate(Path lake, long placements) throws Exception {
        Path curated = lake.resolve("curated");
        Files.createDirectories(curated);
        long jobs = Math.max(1, placements / 10);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SELECT setseed(0.7)");
            s.execute("COPY (SELECT i AS id, 'client_' || (i % 500) AS client, "
                    + "(['nurse','welder','driver','analyst','cook'])[1 + (i % 5)::INT] AS role, "
                    + "round(20 + random() * 80, 2) AS pay_rate, "
                    + "DATE '2026-10-01' + (i % 30)::INT AS dt FROM range(" + jobs + ") t(i)) "
                    + "TO '" + curated.resolve("job_order") + "' (FORMAT parquet, PARTITION_BY (dt), COMPRESSION zstd, OVERWRITE_OR_IGNORE)");
            s.execute("COPY (SELECT i AS id, (i * 7919) % " + jobs + " AS job_order_id, i % 200000 AS candidate_id, "
                    + "(['active','ended','cancelled'])[1 + (i % 3)::INT] AS status, "
                    + "round(30 + random() * 120, 2) AS bill_rate, (i % 45)::INT AS hours, "
                    + "md5(i::VARCHAR) || md5((i + 1)::VARCHAR) || md5((i + 2)::VARCHAR) AS notes, "
                    + "DATE '2026-10-01' + (i % 30)::INT AS dt FROM range(" + placements + ") t(i)) "
                    + "TO '" + curated.resolve("placement") + "' (FORMAT parquet, PARTITION_BY (dt), COMPRESSION zstd, OVERWRITE_OR_IGNORE)");
        }
        System.out.printf("generated %d job_order and %d placement rows under %s%n", jobs, placements, curated);
    }

    static void compare(Path lake, String url, int threads, String memory, int rounds, long querydPid)
            throws Exception {
        long self = ProcessHandle.current().pid();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             Client client = new Client(url)) {
            // The same settings as queryd's instance (DuckDbEngine.lockdown), in the same order: both sides run
            // with the same threads, memory limit, time zone and sandbox.
            s.execute("SET TimeZone = 'UTC'");
            s.execute("SET memory_limit = '" + memory + "'");
            s.execute("SET threads = " + threads);
            s.execute("SET temp_directory = ''");
            s.execute("SET autoinstall_known_extensions = false");
            s.execute("SET autoload_known_extensions = false");
            s.execute("SET allowed_directories = ['" + lake.resolve("curated").toAbsolutePath() + "/']");
            s.execute("SET enable_external_access = false");
            s.execute("SET lock_configuration = true");
            for (String t : List.of("job_order", "placement")) {
                s.execute("CREATE VIEW " + t + " AS SELECT * FROM read_parquet('" + lake.resolve("curated").resolve(t)
                        + "/**/*.parquet', hive_partitioning = true, union_by_name = true)");
            }
            long warm = System.nanoTime();
            for (int r = 0; r < 3 || System.nanoTime() - warm < WARMUP_NANOS; r++) {
                for (String sql : QUERIES.values()) {
                    client.post(sql);
                    timeJdbc(c, sql);
                }
            }
            // Rounds go across all queries (the order rotating each round), so a disturbance of a second or two (a
            // GC, a background task of the machine) spreads over every query instead of landing on one query's
            // consecutive rounds; within a round each query runs on both sides back to back, which side goes first
            // alternating, and the ratio is taken per round (paired), then its median: drift of the machine between
            // rounds cancels out of each pair.
            List<String> names = new ArrayList<>(QUERIES.keySet());
            Map<String, Samples> samples = new LinkedHashMap<>();
            names.forEach(n -> samples.put(n, new Samples()));
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < names.size(); k++) {
                    String name = names.get((k + r) % names.size());
                    String sql = QUERIES.get(name);
                    Samples m = samples.get(name);
                    double http = 0;
                    double jdbc = 0;
                    for (int side = 0; side < 2; side++) {
                        if ((side + r) % 2 == 0) {
                            long c0 = cpuNanos(querydPid, null);
                            long j0 = cpuNanos(querydPid, "CompilerThre");
                            Answer h = client.post(sql);
                            m.httpCpu.add((cpuNanos(querydPid, null) - c0) / 1e6);
                            m.jit.add((cpuNanos(querydPid, "CompilerThre") - j0) / 1e6);
                            http = h.ms;
                            m.ttfb.add(h.ttfbMs);
                            m.server.add(h.serverMs);
                            m.bytes = h.bytes;
                        } else {
                            long s0 = cpuNanos(self, null);
                            jdbc = timeJdbc(c, sql);
                            m.jdbcCpu.add((cpuNanos(self, null) - s0) / 1e6);
                        }
                    }
                    m.viaHttp.add(http);
                    m.inProcess.add(jdbc);
                    m.ratio.add(http / jdbc);
                }
            }
            System.out.printf("%-10s %8s %8s %9s %8s %7s %13s %9s %7s %11s %11s %9s %8s%n", "query", "sql_ms",
                    "ttfb_ms", "server_ms", "jdbc_ms", "ratio", "ratio_q1-q3", "ratio_min", "bytes", "sql_cpu_ms",
                    "jdbc_cpu_ms", "cpu_ratio", "jit_ms");
            for (var e : samples.entrySet()) {
                Samples m = e.getValue();
                double ch = median(m.httpCpu);
                double cj = median(m.jdbcCpu);
                System.out.printf("%-10s %8.1f %8.1f %9.1f %8.1f %7.3f %6.3f-%-6.3f %9.3f %7.0f %11.1f %11.1f %9.3f %8.1f%n",
                        e.getKey(), median(m.viaHttp), median(m.ttfb), median(m.server), median(m.inProcess),
                        median(m.ratio), quantile(m.ratio, 0.25), quantile(m.ratio, 0.75),
                        quantile(m.viaHttp, 0) / quantile(m.inProcess, 0), m.bytes, ch, cj,
                        querydPid < 0 ? Double.NaN : ch / cj, median(m.jit));
            }
            System.out.println("ratio: median over the rounds of sql_ms / jdbc_ms of the same round (target <= 1.10); "
                    + "ratio_min: fastest /sql round over fastest in-process round (each side's cost without "
                    + "interference from the rest of the machine); the other columns are medians of their own");
        }
    }

    /** What one query's rounds measured, side by side. */
    static final class Samples {
        final List<Double> viaHttp = new ArrayList<>();
        final List<Double> ttfb = new ArrayList<>();
        final List<Double> server = new ArrayList<>();
        final List<Double> inProcess = new ArrayList<>();
        final List<Double> ratio = new ArrayList<>();
        final List<Double> httpCpu = new ArrayList<>();
        final List<Double> jdbcCpu = new ArrayList<>();
        final List<Double> jit = new ArrayList<>();
        double bytes;
    }

    /** One exchange: the client's time for all of it and to the first byte, the answer's size, the server's elapsed_ms. */
    record Answer(double ms, double ttfbMs, int bytes, double serverMs) {
    }

    /**
     * POST /sql on one blocking keep-alive socket, all in the calling thread, the request written in one segment with
     * TCP_NODELAY, as wrk and curl do. Session 5 measured why not {@code HttpURLConnection}: in fixed-length
     * streaming mode it writes the headers and the body in two segments without TCP_NODELAY, so Nagle holds the body
     * until the server's (delayed) ACK of the headers: 1.5-2 ms per exchange, whatever the answer (and the JDK's
     * asynchronous HttpClient cost several ms of hand-offs on a loaded machine, session 4).
     */
    static final class Client implements AutoCloseable {
        private final String host;
        private final int port;
        private java.net.Socket socket;
        private InputStream in;
        private OutputStream out;

        Client(String url) {
            URI u = URI.create(url);
            this.host = u.getHost();
            this.port = u.getPort();
        }

        Answer post(String sql) throws Exception {
            byte[] body = ("{\"sql\":\"" + sql.replace("\"", "\\\"") + "\"}").getBytes(StandardCharsets.UTF_8);
            byte[] head = ("POST /sql HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: application/json"
                    + "\r\nAccept: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] request = new byte[head.length + body.length];
            System.arraycopy(head, 0, request, 0, head.length);
            System.arraycopy(body, 0, request, head.length, body.length);
            if (socket == null) {
                socket = new java.net.Socket(host, port);
                socket.setTcpNoDelay(true);
                in = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
                out = socket.getOutputStream();
            }
            long t0 = System.nanoTime();
            out.write(request);
            out.flush();
            int first = in.read();
            long t1 = System.nanoTime();
            if (first < 0) {
                throw new IllegalStateException("queryd closed the connection");
            }
            // Status line and headers.
            StringBuilder h = new StringBuilder().append((char) first);
            while (h.length() < 4 || h.charAt(h.length() - 1) != '\n' || h.charAt(h.length() - 3) != '\n') {
                int c = in.read();
                if (c < 0) {
                    throw new IllegalStateException("truncated answer: " + h);
                }
                h.append((char) c);
            }
            String[] lines = h.toString().split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            long length = -1;
            boolean chunked = false;
            for (String line : lines) {
                String l = line.toLowerCase(java.util.Locale.ROOT);
                if (l.startsWith("content-length:")) {
                    length = Long.parseLong(l.substring(15).trim());
                } else if (l.startsWith("transfer-encoding:") && l.contains("chunked")) {
                    chunked = true;
                }
            }
            byte[] answer = chunked ? chunked() : in.readNBytes((int) length);
            long t2 = System.nanoTime();
            String b = new String(answer, StandardCharsets.UTF_8);
            if (status != 200) {
                throw new IllegalStateException("/sql answered " + status + ": " + b);
            }
            int at = b.lastIndexOf("\"elapsed_ms\":") + "\"elapsed_ms\":".length();
            return new Answer((t2 - t0) / 1e6, (t1 - t0) / 1e6, answer.length,
                    Double.parseDouble(b.substring(at, b.indexOf('}', at))));
        }

        private byte[] chunked() throws Exception {
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            while (true) {
                StringBuilder size = new StringBuilder();
                for (int c = in.read(); c != '\n'; c = in.read()) {
                    if (c < 0) {
                        throw new IllegalStateException("truncated chunked answer");
                    }
                    size.append((char) c);
                }
                int n = Integer.parseInt(size.toString().trim().split(";")[0], 16);
                all.write(in.readNBytes(n));
                in.readNBytes(2); // CRLF after the chunk (or after the last, empty one)
                if (n == 0) {
                    return all.toByteArray();
                }
            }
        }

        @Override
        public void close() throws Exception {
            if (socket != null) {
                socket.close();
            }
        }
    }

    /**
     * The in-process reference reads every row and every value, as the HTTP path must, with the typed getter of each
     * column's type (as queryd's JSON writer does; getObject would box every value).
     */
    static double timeJdbc(Connection c, String sql) throws Exception {
        long t0 = System.nanoTime();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            var md = rs.getMetaData();
            int n = md.getColumnCount();
            String[] types = new String[n];
            for (int i = 0; i < n; i++) {
                types[i] = md.getColumnTypeName(i + 1);
            }
            long sink = 0;
            while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                    switch (types[i - 1]) {
                        case "BIGINT" -> sink += rs.getLong(i);
                        case "INTEGER" -> sink += rs.getInt(i);
                        case "DOUBLE" -> sink += (long) rs.getDouble(i);
                        case "VARCHAR" -> sink += rs.getString(i).length();
                        default -> sink += rs.getObject(i) == null ? 0 : 1;
                    }
                }
            }
            if (sink == 42) {
                System.out.print("");
            }
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    /**
     * CPU time of the live threads of a process, in ns (the scheduler's own accounting), of all of them or of those
     * whose name contains {@code part}; 0 without a pid.
     */
    static long cpuNanos(long pid, String part) throws Exception {
        if (pid < 0) {
            return 0;
        }
        long sum = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    if (part != null && !Files.readString(t.resolve("comm")).contains(part)) {
                        continue;
                    }
                    String line = Files.readString(t.resolve("schedstat"));
                    sum += Long.parseLong(line.substring(0, line.indexOf(' ')));
                } catch (java.io.IOException gone) {
                    // the thread ended between listing and reading
                }
            }
        }
        return sum;
    }

    static double median(List<Double> xs) {
        return quantile(xs, 0.5);
    }

    /** The q-quantile with linear interpolation between the two nearest ranks (q = 0.5: the usual median). */
    static double quantile(List<Double> xs, double q) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        double at = q * (s.size() - 1);
        int lo = (int) Math.floor(at);
        int hi = (int) Math.ceil(at);
        return s.get(lo) + (s.get(hi) - s.get(lo)) * (at - lo);
    }
}
