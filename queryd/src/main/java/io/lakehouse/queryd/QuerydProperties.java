package io.lakehouse.queryd;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code lakehouse.queryd.*} keys; every one has a default that runs on a laptop.
 *
 * @param refreshInterval how often views are reconciled with {@code curated/} (and the S3 mirror synced)
 * @param maxRows cap and default of {@code max_rows} for JSON and CSV answers
 * @param maxExportRows cap for NDJSON and Parquet answers
 * @param maxResultSize cap on the encoded size of a JSON or CSV answer; past it the answer is truncated
 * @param statementTimeout a statement running longer is cancelled and answered 504
 * @param maxConcurrentStatements statements running at once; one more is answered 429
 * @param memoryLimit DuckDB {@code memory_limit}
 * @param threads DuckDB {@code threads}; 0 means one per available processor
 * @param mirrorDir local copy of {@code curated/} when the store is S3
 * @param workDir scratch directory for Parquet answers; empty means a fresh temp directory
 */
@Validated
@ConfigurationProperties("lakehouse.queryd")
public record QuerydProperties(
        @NotNull @DefaultValue("500ms") Duration refreshInterval,
        @Min(1) @Max(1_000_000) @DefaultValue("10000") int maxRows,
        @Min(1) @DefaultValue("5000000") long maxExportRows,
        @NotNull @DefaultValue("64MB") DataSize maxResultSize,
        @NotNull @DefaultValue("30s") Duration statementTimeout,
        @Min(1) @Max(1024) @DefaultValue("4") int maxConcurrentStatements,
        @NotNull @DefaultValue("1GB") DataSize memoryLimit,
        @Min(0) @Max(1024) @DefaultValue("0") int threads,
        @NotNull @DefaultValue("./data/queryd-mirror") Path mirrorDir,
        Path workDir) {

    public QuerydProperties {
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("lakehouse.queryd.refresh-interval must be positive: " + refreshInterval);
        }
        if (statementTimeout.isNegative() || statementTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "lakehouse.queryd.statement-timeout must be positive: " + statementTimeout);
        }
        if (memoryLimit.toMegabytes() < 16) {
            throw new IllegalArgumentException("lakehouse.queryd.memory-limit must be at least 16MB: " + memoryLimit);
        }
    }

    /** DuckDB threads to configure. */
    public int effectiveThreads() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }
}
