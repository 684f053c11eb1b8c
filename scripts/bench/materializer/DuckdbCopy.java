import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The reference of the materializer benchmark: DuckDB's own
 * COPY (SELECT * FROM read_json(...)) TO dir (FORMAT PARQUET, PARTITION_BY (dt)) on the same NDJSON file, no
 * validation. Usage: java -cp duckdb_jdbc.jar DuckdbCopy.java IN.ndjson OUT_DIR THREADS PARTITION_COLUMN
 * Prints "rows=<n> seconds=<s>".
 */
public class DuckdbCopy {
    public static void main(String[] args) throws Exception {
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int threads = Integer.parseInt(args[2]);
        String column = args[3];
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET threads=" + threads);
            s.execute("SET TimeZone='UTC'");
            long t0 = System.nanoTime();
            s.execute("COPY (SELECT *, strftime(CAST(" + column + " AS DATE), '%Y-%m-%d') AS dt FROM read_json('"
                    + in + "', format='newline_delimited')) TO '" + out
                    + "' (FORMAT PARQUET, COMPRESSION ZSTD, PARTITION_BY (dt), OVERWRITE_OR_IGNORE true)");
            double seconds = (System.nanoTime() - t0) / 1e9;
            long rows;
            try (var r = s.executeQuery("SELECT count(*) FROM read_parquet('" + out + "/*/*.parquet')")) {
                r.next();
                rows = r.getLong(1);
            }
            System.out.printf("rows=%d seconds=%.3f%n", rows, seconds);
        }
        if (!Files.isDirectory(out)) {
            throw new IllegalStateException("no output");
        }
    }
}
