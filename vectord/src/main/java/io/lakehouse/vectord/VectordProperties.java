package io.lakehouse.vectord;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** {@code lakehouse.vectord.*}: every key has a default that runs on a laptop; all are listed in docs/vectord.md. */
@Validated
@ConfigurationProperties("lakehouse.vectord")
public record VectordProperties(
        @Valid @DefaultValue Defaults defaults,
        @Valid @DefaultValue GroupCommit groupCommit,
        @Valid @DefaultValue Snapshot snapshot,
        @Valid @DefaultValue Embedder embedder,
        @Valid @DefaultValue Load load,
        @Min(1) @DefaultValue("10000") int maxBatchItems) {

    /** Settings a {@code PUT /v1/indexes/{name}} body may omit. */
    public record Defaults(@Min(2) @Max(128) @DefaultValue("16") int m,
                           @Min(1) @Max(4096) @DefaultValue("200") int efConstruction,
                           @Min(1) @Max(4096) @DefaultValue("64") int efSearch,
                           @Min(16) @DefaultValue("1024") int initialCapacity) {
    }

    /** Group commit of the write-ahead log. */
    public record GroupCommit(@NotNull @DefaultValue("0ms") Duration window,
                              @Min(1) @DefaultValue("8192") int maxBatchRecords,
                              @Min(1) @DefaultValue("4096") int queueCapacity) {
    }

    /** Background snapshots: when to take one, and how far apart at least. */
    public record Snapshot(@Min(1) @DefaultValue("50000") long everyRecords,
                           @NotNull @DefaultValue("64MB") DataSize everyLogSize,
                           @NotNull @DefaultValue("5m") Duration interval,
                           @NotNull @DefaultValue("10s") Duration minInterval,
                           @NotNull @DefaultValue("30s") Duration shutdownTimeout,
                           Path tmpDir) {
    }

    /** The OpenAI-compatible embedder's HTTP behaviour. */
    public record Embedder(@NotNull @DefaultValue("5s") Duration connectTimeout,
                           @NotNull @DefaultValue("30s") Duration requestTimeout,
                           @Min(0) @Max(10) @DefaultValue("3") int maxRetries,
                           @NotNull @DefaultValue("200ms") Duration backoff,
                           @Min(1) @Max(2048) @DefaultValue("64") int batchSize) {
    }

    /** Graph insert threads: the rebuild at start-up and the helpers of a big upsert batch (0 = one per core). */
    public record Load(@Min(0) @DefaultValue("0") int threads) {
    }
}
