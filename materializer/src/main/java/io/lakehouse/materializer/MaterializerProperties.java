package io.lakehouse.materializer;

import io.lakehouse.validation.EngineSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code lakehouse.materializer.*}.
 *
 * @param interval           how often the background schedule materializes every dataset; 0 turns it off
 * @param leaseTtl           how long a dataset lock in the store lasts without renewal (renewed every third of it)
 * @param workDir            local scratch directory for ingest bodies and Parquet before upload; empty = the
 *                           system temp directory
 * @param progressInterval   how often a long run logs its progress
 * @param validationThreads  threads that parse and validate records; 0 = one per available processor
 * @param duckdbThreads      DuckDB worker threads for the Parquet write
 * @param duckdbMemoryLimit  DuckDB memory limit (it spills to the work directory past it)
 * @param maxBatchResults    invalid lines listed at most in a 422 answer of {@code ?validate=true}
 * @param maxErrorsPerRecord validation errors kept per record
 * @param regexBudget        time one {@code pattern} match may take
 * @param maxNestingDepth    deepest nesting of one record
 * @param maxStringLength    longest string value of one record
 * @param contractPoll       how often the contracts in the store are re-listed
 * @param missRecheck        how often an unknown dataset triggers a store read, at most
 * @param seedContracts      whether the shipped contracts are written on start when absent
 * @param refreshQueryd      whether queryd is told ({@code POST /v1/refresh}) after each committed dataset
 * @param runsListed         run records {@code GET /v1/runs} answers at most
 * @param pauseAt            testing aid: at this point of a run (writing, staged, committing) the process prints
 *                           {@code materializer paused at <point>} on stderr and waits, so a test can kill -9 it
 */
@ConfigurationProperties("lakehouse.materializer")
public record MaterializerProperties(
        @DefaultValue("10s") Duration interval,
        @DefaultValue("2m") Duration leaseTtl,
        @DefaultValue("") String workDir,
        @DefaultValue("5s") Duration progressInterval,
        @DefaultValue("0") int validationThreads,
        @DefaultValue("2") int duckdbThreads,
        @DefaultValue("512MB") DataSize duckdbMemoryLimit,
        @DefaultValue("1000") int maxBatchResults,
        @DefaultValue("100") int maxErrorsPerRecord,
        @DefaultValue("50ms") Duration regexBudget,
        @DefaultValue("128") int maxNestingDepth,
        @DefaultValue("8388608") int maxStringLength,
        @DefaultValue("2s") Duration contractPoll,
        @DefaultValue("1s") Duration missRecheck,
        @DefaultValue("true") boolean seedContracts,
        @DefaultValue("true") boolean refreshQueryd,
        @DefaultValue("100") int runsListed,
        @DefaultValue("") String pauseAt) {

    public MaterializerProperties {
        Objects.requireNonNull(interval, "interval is null");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("lakehouse.materializer.interval must not be negative, got " + interval);
        }
        if (leaseTtl.toMillis() < 1000) {
            throw new IllegalArgumentException("lakehouse.materializer.lease-ttl must be at least 1s, got " + leaseTtl);
        }
        if (validationThreads < 0) {
            throw new IllegalArgumentException("lakehouse.materializer.validation-threads must not be negative, got "
                    + validationThreads);
        }
        if (duckdbThreads < 1) {
            throw new IllegalArgumentException("lakehouse.materializer.duckdb-threads must be at least 1, got "
                    + duckdbThreads);
        }
        if (maxBatchResults < 0 || runsListed < 1) {
            throw new IllegalArgumentException("lakehouse.materializer.max-batch-results must not be negative and"
                    + " runs-listed must be positive");
        }
        if (!pauseAt.isEmpty() && !java.util.List.of("writing", "staged", "committing").contains(pauseAt)) {
            throw new IllegalArgumentException("lakehouse.materializer.pause-at must be writing, staged or committing,"
                    + " got " + pauseAt);
        }
    }

    public EngineSettings engineSettings() {
        return new EngineSettings(maxErrorsPerRecord, regexBudget, maxNestingDepth, maxStringLength);
    }

    /** The scratch directory, created on first use by its users. */
    public Path workPath() {
        return workDir.isBlank() ? Path.of(System.getProperty("java.io.tmpdir"), "lakehouse-materializer")
                : Path.of(workDir);
    }
}
