// Benchmarks for queryd, run as a single-file program with the DuckDB JDBC jar on the class path:
//   java --enable-native-access=ALL-UNNAMED -cp duckdb_jdbc.jar BenchQueryd.java generate LAKE_DIR [PLACEMENTS]
//   java --enable-native-access=ALL-UNNAMED -cp duckdb_jdbc.jar BenchQueryd.java compare LAKE_DIR QUERYD_URL THREADS MEMORY ROUNDS [QUERYD_PID]
// "generate" writes deterministic staffing data (job_order, placement) as Hive-partitioned Parquet by dt;
// "compare" runs each analytic query through POST /sql and on an in-process DuckDB over the same files,
// interleaved round by round in one run, and prints the median of each and their ratio (and the server's own
// elapsed_ms, to tell the statement and its JSON encoding from the HTTP exchange). With QUERYD_PID it also prints
// the CPU time each side spent (all threads of the queryd process per request; all threads of this process per
// in-process query, read from /proc/<pid>/task/*/schedstat): unlike wall time, hardly moved by other load.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    /** Rounds run before measuring, on both sides: the server is warmed up by the script before this. */
    static final int WARMUP_ROUNDS = 3;

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
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET threads = " + threads);
            s.execute("SET memory_limit = '" + memory + "'");
            for (String t : List.of("job_order", "placement")) {
                s.execute("CREATE VIEW " + t + " AS SELECT * FROM read_parquet('" + lake.resolve("curated").resolve(t)
                        + "/**/*.parquet', hive_partitioning = true, union_by_name = true)");
            }
            System.out.printf("%-10s %10s %10s %10s %8s %12s %12s %9s%n", "query", "sql_ms", "server_ms", "jdbc_ms",
                    "ratio", "sql_cpu_ms", "jdbc_cpu_ms", "cpu_ratio");
            for (var q : QUERIES.entrySet()) {
                List<Double> viaHttp = new ArrayList<>();
                List<Double> server = new ArrayList<>();
                List<Double> inProcess = new ArrayList<>();
                List<Double> httpCpu = new ArrayList<>();
                List<Double> jdbcCpu = new ArrayList<>();
                for (int r = 0; r < rounds + WARMUP_ROUNDS; r++) {
                    long c0 = cpuNanos(querydPid);
                    double[] h = timeHttp(http, url, q.getValue());
                    long c1 = cpuNanos(querydPid);
                    long s0 = cpuNanos(self);
                    double j = timeJdbc(c, q.getValue());
                    long s1 = cpuNanos(self);
                    if (r >= WARMUP_ROUNDS) {
                        viaHttp.add(h[0]);
                        server.add(h[1]);
                        inProcess.add(j);
                        httpCpu.add((c1 - c0) / 1e6);
                        jdbcCpu.add((s1 - s0) / 1e6);
                    }
                }
                double mh = median(viaHttp);
                double mj = median(inProcess);
                double ch = median(httpCpu);
                double cj = median(jdbcCpu);
                System.out.printf("%-10s %10.1f %10.1f %10.1f %8.3f %12.1f %12.1f %9.3f%n", q.getKey(), mh,
                        median(server), mj, mh / mj, ch, cj, querydPid < 0 ? Double.NaN : ch / cj);
            }
        }
    }

    /** The client's time for the whole exchange, and the server's own elapsed_ms (statement + JSON encoding). */
    static double[] timeHttp(HttpClient http, String url, String sql) throws Exception {
        String body = "{\"sql\":\"" + sql.replace("\"", "\\\"") + "\"}";
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/sql"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - t0) / 1e6;
        if (r.statusCode() != 200) {
            throw new IllegalStateException("/sql answered " + r.statusCode() + ": " + r.body());
        }
        String b = r.body();
        int at = b.lastIndexOf("\"elapsed_ms\":") + "\"elapsed_ms\":".length();
        return new double[] {ms, Double.parseDouble(b.substring(at, b.indexOf('}', at)))};
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

    /** CPU time of every live thread of a process, in ns (the scheduler's own accounting); 0 without a pid. */
    static long cpuNanos(long pid) throws Exception {
        if (pid < 0) {
            return 0;
        }
        long sum = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
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
