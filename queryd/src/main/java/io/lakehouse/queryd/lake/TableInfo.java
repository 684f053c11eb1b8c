package io.lakehouse.queryd.lake;

import java.util.List;
import java.util.Objects;

/** One curated dataset as a view: its columns and what its Parquet files add up to. */
public record TableInfo(String name, List<Column> columns, long files, long partitions, long bytes) {
    public TableInfo {
        Objects.requireNonNull(name, "name is null");
        columns = List.copyOf(Objects.requireNonNull(columns, "columns is null"));
    }

    /** A column name and its DuckDB type. */
    public record Column(String name, String type) {
        public Column {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(type, "type is null");
        }
    }
}
