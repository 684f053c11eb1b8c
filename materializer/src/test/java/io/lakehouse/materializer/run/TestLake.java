package io.lakehouse.materializer.run;

import io.lakehouse.materializer.MaterializerProperties;
import io.lakehouse.store.LocalObjectStore;
import io.lakehouse.store.ObjectKey;
import io.lakehouse.validation.ContractRegistries;
import io.lakehouse.validation.ContractRegistry;
import io.lakehouse.validation.EngineSettings;
import io.lakehouse.validation.ValidationEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** A local lake in a temp directory with the shipped contracts and a materializer over it. */
final class TestLake implements AutoCloseable {
    final Path root;
    final LocalObjectStore store;
    final ContractRegistry contracts;
    final Materializer materializer;
    final List<String> refreshed = new ArrayList<>();

    TestLake(Path root) {
        this.root = root;
        this.store = new LocalObjectStore(root.resolve("lake"));
        this.contracts = ContractRegistries.open(store, new ValidationEngine(EngineSettings.DEFAULTS),
                Duration.ofSeconds(1), null, true);
        this.materializer = new Materializer(store, contracts, JsonMapper.builder().build(), properties(root, ""),
                refreshed::add, Clock.systemUTC());
    }

    static MaterializerProperties properties(Path root, String pauseAt) {
        return new MaterializerProperties(Duration.ZERO, Duration.ofMinutes(2), root.resolve("work").toString(),
                Duration.ofSeconds(5), 2, 2, DataSize.ofMegabytes(256), 1000, 100, Duration.ofMillis(50), 128, 8388608,
                Duration.ofSeconds(2), Duration.ofSeconds(1), true, true, 100, pauseAt);
    }

    ObjectKey putRaw(String dataset, String day, String id, String ndjson) throws IOException {
        ObjectKey key = Layout.raw(dataset, day, id);
        store.put(key, ndjson.getBytes(StandardCharsets.UTF_8));
        return key;
    }

    Path lakePath() {
        return root.resolve("lake");
    }

    /** Every file under a prefix directory, relative to the lake, sorted. */
    List<String> files(String prefix) throws IOException {
        Path dir = lakePath().resolve(prefix);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> lakePath().relativize(p).toString()).sorted().toList();
        }
    }

    /** Rows of a DuckDB query over the lake (curated Parquet read with hive partitioning). */
    static List<List<Object>> query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET TimeZone='UTC'");
            try (ResultSet r = s.executeQuery(sql)) {
                List<List<Object>> rows = new ArrayList<>();
                int n = r.getMetaData().getColumnCount();
                while (r.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(r.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    String curatedGlob(String dataset) {
        return "read_parquet('" + lakePath().resolve("curated").resolve(dataset) + "/*/*.parquet', hive_partitioning=true)";
    }

    @Override
    public void close() {
        materializer.close();
        contracts.close();
    }
}
