package io.lakehouse.materializer.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Writes validated NDJSON as zstd Parquet partitioned by day, with embedded DuckDB: one
 * {@code COPY (SELECT ... FROM read_json(...)) TO dir (PARTITION_BY (dt))} per raw object, the columns typed from the
 * contract so every file of a dataset has the same schema. One file per partition, named
 * {@code part-<name>-0.parquet}, so a rerun writes the same names.
 */
final class ParquetWriter implements AutoCloseable {
    private final Connection connection;

    ParquetWriter(int threads, long memoryLimitBytes, Path spillDir) throws SQLException, IOException {
        Files.createDirectories(spillDir);
        Properties p = new Properties();
        this.connection = DriverManager.getConnection("jdbc:duckdb:", p);
        try (Statement s = connection.createStatement()) {
            s.execute("SET threads=" + threads);
            s.execute("SET memory_limit='" + Math.max(64L << 20, memoryLimitBytes) + "B'");
            s.execute("SET temp_directory=" + ColumnTypes.quoteLiteral(spillDir.toString()));
            // TIMESTAMPTZ to DATE casts follow the session zone: the partition day is the UTC day.
            s.execute("SET TimeZone='UTC'");
            s.execute("SET preserve_insertion_order=false");
        }
    }

    /** A written file: its path relative to the output directory ({@code dt=.../part-...parquet}). */
    record Written(String relative, Path path, long bytes) {
    }

    /**
     * @param partitionBy     the contract's partition property, or null (every row goes to {@code ingestDay})
     * @param ingestDay       the raw object's day, for rows without a partition value
     */
    List<Written> write(Path ndjson, Map<String, String> columns, String partitionBy, String ingestDay,
                        Path outDir, String name) throws SQLException, IOException {
        StringBuilder cols = new StringBuilder();
        StringBuilder select = new StringBuilder();
        for (Map.Entry<String, String> c : columns.entrySet()) {
            if (!cols.isEmpty()) {
                cols.append(", ");
                select.append(", ");
            }
            cols.append(ColumnTypes.quoteLiteral(c.getKey())).append(": ").append(ColumnTypes.quoteLiteral(c.getValue()));
            select.append(ColumnTypes.quoteIdentifier(c.getKey()));
        }
        String day = "DATE " + ColumnTypes.quoteLiteral(ingestDay);
        String dt = partitionBy == null ? day
                : "coalesce(CAST(" + ColumnTypes.quoteIdentifier(partitionBy) + " AS DATE), " + day + ")";
        String sql = "COPY (SELECT " + select + ", strftime(" + dt + ", '%Y-%m-%d') AS dt FROM read_json("
                + ColumnTypes.quoteLiteral(ndjson.toString())
                + ", format='newline_delimited', maximum_object_size=16777216, columns={" + cols + "})) TO "
                + ColumnTypes.quoteLiteral(outDir.toString())
                // zstd level 1: about a tenth less CPU than the default level 3 for a few percent more bytes.
                + " (FORMAT PARQUET, COMPRESSION ZSTD, COMPRESSION_LEVEL 1, PARTITION_BY (dt), OVERWRITE_OR_IGNORE true,"
                + " FILENAME_PATTERN " + ColumnTypes.quoteLiteral("part-" + name + "-{i}") + ")";
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
        List<Written> out = new ArrayList<>();
        if (!Files.isDirectory(outDir)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(outDir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.add(new Written(outDir.relativize(f).toString().replace('\\', '/'), f, Files.size(f)));
            }
        }
        return out;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
