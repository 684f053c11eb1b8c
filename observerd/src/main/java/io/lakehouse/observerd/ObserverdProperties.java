package io.lakehouse.observerd;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** {@code lakehouse.observerd.*}: every key has a default that runs on a laptop; all are in lakehouse.example.yml. */
@Validated
@ConfigurationProperties("lakehouse.observerd")
public record ObserverdProperties(
        @Valid @DefaultValue Ingest ingest,
        @Valid @DefaultValue Runs runs,
        @Valid @DefaultValue Stats stats,
        @Valid @DefaultValue Export export,
        @Valid @DefaultValue Snapshot snapshot,
        @Valid @DefaultValue Replay replay,
        @DefaultValue("true") boolean seedContracts) {

    /**
     * Ingestion: batch limit, the backpressure bound and the journal's group commit.
     *
     * @param maxBatchItems     observations (or spans) one request may carry
     * @param maxQueued         observations accepted but not yet durable, across all requests; past it: 429
     * @param queueCapacity     requests waiting for the journal's committer; past it: 429
     * @param commitWindow      how long the committer waits for more requests after the first, when requests queued
     *                          during the previous write (a lone writer never waits); 0: commit at once, which still
     *                          groups whatever queued during the previous write
     * @param maxCommitEntries  requests one group commit holds at most
     * @param durableTimeout    how long a request waits for its batch to be durable before answering 503
     * @param maxErrorsListed   invalid items listed per answer at most (the count is always exact)
     */
    public record Ingest(@Min(1) @Max(100_000) @DefaultValue("10000") int maxBatchItems,
                         @Min(1) @DefaultValue("200000") int maxQueued,
                         @Min(1) @DefaultValue("256") int queueCapacity,
                         @NotNull @DefaultValue("0ms") Duration commitWindow,
                         @Min(1) @DefaultValue("256") int maxCommitEntries,
                         @NotNull @DefaultValue("30s") Duration durableTimeout,
                         @Min(1) @DefaultValue("1000") int maxErrorsListed) {
    }

    /**
     * The in-memory run index behind {@code GET /v1/runs}: bounded; the runs touched least recently leave it first
     * (they stay queryable in the lake).
     */
    public record Runs(@Min(1) @DefaultValue("500000") int maxObservations,
                       @Min(1) @Max(10_000) @DefaultValue("50") int defaultPageSize,
                       @Min(1) @Max(10_000) @DefaultValue("1000") int maxPageSize) {
    }

    /** Live stats: how many (agent, kind, name) series are kept; the rest are counted under "(other)". */
    public record Stats(@Min(1) @DefaultValue("2000") int maxSeries,
                        @Min(1) @Max(5) @DefaultValue("2") int significantDigits) {
    }

    /**
     * Export of observations to {@code raw/observation/} for the materializer. An object is built in memory: at most
     * {@code maxEntriesPerObject} accepted batches (of up to {@code ingest.max-batch-items} observations each).
     * Committed batches wait for the export in memory, up to {@code memory} (beyond that, or after a restart, the
     * export reads them back from the journal); a full object's worth is exported without waiting for the interval.
     */
    public record Export(@DefaultValue("true") boolean enabled,
                         @NotNull @DefaultValue("2s") Duration interval,
                         @Min(1) @DefaultValue("32") int maxEntriesPerObject,
                         @NotNull @DefaultValue("64MB") DataSize memory) {
    }

    /**
     * Snapshots of the run index, so start-up replays a bounded journal tail and old segments can be compacted: after
     * {@code everyEntries} journal entries, at most every {@code minInterval}, and once the journal has grown by as
     * many bytes as the previous snapshot wrote (so snapshots cost at most what ingestion wrote).
     */
    public record Snapshot(@Min(1) @DefaultValue("2000") long everyEntries,
                           @NotNull @DefaultValue("10s") Duration minInterval,
                           Path tmpDir) {
    }

    /**
     * Replay of captured traffic.
     *
     * @param allowedTargets target URL patterns ({@code scheme://host:port}, {@code *} as the port for any):
     *                       anything else is refused with 403, so replay cannot reach arbitrary hosts
     */
    public record Replay(@NotNull @DefaultValue({"http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"})
                         List<String> allowedTargets,
                         @Min(1) @Max(64) @DefaultValue("4") int concurrency,
                         @NotNull @DefaultValue("30s") Duration requestTimeout,
                         @NotNull @DefaultValue("2s") Duration connectTimeout,
                         @Min(1) @DefaultValue("10000") int maxCases,
                         @Min(1) @DefaultValue("100") int maxDiffsPerCase) {
    }
}
