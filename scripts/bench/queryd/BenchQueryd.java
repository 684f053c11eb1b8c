// Benchmarks for queryd, run as a single-file program with the DuckDB JDBC jar on the class path:
//   java --enable-native-access=ALL-UNNAMED -cp duckdb_jdbc.jar BenchQueryd.java generate LAKE_DIR [PLACEMENTS]
//   java --enable-native-access=ALL-UNNAMED -cp duckdb_jdbc.jar BenchQueryd.java compare LAKE_DIR QUERYD_URL THREADS MEMORY ROUNDS [QUERYD_PID]
// "generate" writes deterministic staffing data (job_order, placement) as Hive-partitioned Parquet by dt;
// "compare" runs each analytic query through POST /sql and on an in-process DuckDB over the same files,
// interleaved round by round in one run (which side goes first alternates), after the same warm-up of both sides
// with the same queries, and prints the median of each and their ratio. Columns besides: the time to the first
// byte of the answer, the answer's size, the server's own elapsed_ms (statement + JSON encoding, without HTTP).
// With QUERYD_PID it also prints the CPU time each side spent (all threads of the queryd process per request; all
// threads of this process per in-process query, read from /proc/<pid>/task/*/schedstat): unlike wall time, hardly
// moved by other load; and queryd's JIT compiler threads' share of it, which says whether the server was warm.
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
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
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET threads = " + threads);
            s.execute("SET memory_limit = '" + memory + "'");
            for (String t : List.of("job_order", "placement")) {
                s.execute("CREATE VIEW " + t + " AS SELECT * FROM read_parquet('" + lake.resolve("curated").resolve(t)
                        + "/**/*.parquet', hive_partitioning = true, union_by_name = true)");
            }
            long warm = System.nanoTime();
            for (int r = 0; r < 3 || System.nanoTime() - warm < WARMUP_NANOS; r++) {
                for (String sql : QUERIES.values()) {
                    timeHttp(url, sql);
                    timeJdbc(c, sql);
                }
            }
            System.out.printf("%-10s %8s %8s %9s %8s %7s %7s %11s %11s %9s %8s%n", "query", "sql_ms", "ttfb_ms",
                    "server_ms", "jdbc_ms", "ratio", "bytes", "sql_cpu_ms", "jdbc_cpu_ms", "cpu_ratio", "jit_ms");
            for (var q : QUERIES.entrySet()) {
                List<Double> viaHttp = new ArrayList<>();
                List<Double> ttfb = new ArrayList<>();
                List<Double> server = new ArrayList<>();
                List<Double> inProcess = new ArrayList<>();
                List<Double> httpCpu = new ArrayList<>();
                List<Double> jdbcCpu = new ArrayList<>();
                List<Double> jit = new ArrayList<>();
                double bytes = 0;
                for (int r = 0; r < rounds; r++) {
                    // Which side goes first alternates, so neither always runs right after the other.
                    for (int side = 0; side < 2; side++) {
                        if ((side + r) % 2 == 0) {
                            long c0 = cpuNanos(querydPid, null);
                            long j0 = cpuNanos(querydPid, "CompilerThre");
                            Answer h = timeHttp(url, q.getValue());
                            httpCpu.add((cpuNanos(querydPid, null) - c0) / 1e6);
                            jit.add((cpuNanos(querydPid, "CompilerThre") - j0) / 1e6);
                            viaHttp.add(h.ms);
                            ttfb.add(h.ttfbMs);
                            server.add(h.serverMs);
                            bytes = h.bytes;
                        } else {
                            long s0 = cpuNanos(self, null);
                            inProcess.add(timeJdbc(c, q.getValue()));
                            jdbcCpu.add((cpuNanos(self, null) - s0) / 1e6);
                        }
                    }
                }
                double mh = median(viaHttp);
                double mj = median(inProcess);
                double ch = median(httpCpu);
                double cj = median(jdbcCpu);
                System.out.printf("%-10s %8.1f %8.1f %9.1f %8.1f %7.3f %7.0f %11.1f %11.1f %9.3f %8.1f%n", q.getKey(),
                        mh, median(ttfb), median(server), mj, mh / mj, bytes, ch, cj,
                        querydPid < 0 ? Double.NaN : ch / cj, median(jit));
            }
        }
    }

    /** One exchange: the client's time for all of it and to the first byte, the answer's size, the server's elapsed_ms. */
    record Answer(double ms, double ttfbMs, int bytes, double serverMs) {
    }

    /**
     * POST /sql on a blocking keep-alive connection (HttpURLConnection keeps it open for the next call), all in the
     * calling thread as with wrk: the JDK's asynchronous HttpClient hands every exchange across its selector and
     * executor threads, which on a loaded 2-core machine cost the client several ms per request (measured).
     */
    static Answer timeHttp(String url, String sql) throws Exception {
        byte[] body = ("{\"sql\":\"" + sql.replace("\"", "\\\"") + "\"}").getBytes(StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        HttpURLConnection http = (HttpURLConnection) URI.create(url + "/sql").toURL().openConnection();
        http.setRequestMethod("POST");
        http.setRequestProperty("Content-Type", "application/json");
        http.setRequestProperty("Accept", "application/json");
        http.setDoOutput(true);
        http.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = http.getOutputStream()) {
            out.write(body);
        }
        int status = http.getResponseCode();
        long t1 = System.nanoTime();
        byte[] answer;
        try (InputStream in = status == 200 ? http.getInputStream() : http.getErrorStream()) {
            answer = in.readAllBytes();
        }
        long t2 = System.nanoTime();
        String b = new String(answer, StandardCharsets.UTF_8);
        if (status != 200) {
            throw new IllegalStateException("/sql answered " + status + ": " + b);
        }
        int at = b.lastIndexOf("\"elapsed_ms\":") + "\"elapsed_ms\":".length();
        return new Answer((t2 - t0) / 1e6, (t1 - t0) / 1e6, answer.length,
                Double.parseDouble(b.substring(at, b.indexOf('}', at))));
    }

    /** The in-process reference also reads every row and every value, as the HTTP path must. */
    static double timeJdbc(Connection c, String sql) throws Exception {
        long t0 = System.nanoTime();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                    rs.getObject(i);
                }
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
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
