package io.lakehouse.pathwayd;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code lakehouse.pathwayd.*}: every key has a default that runs on a laptop; all are in lakehouse.example.yml. */
@Validated
@ConfigurationProperties("lakehouse.pathwayd")
public record PathwaydProperties(
        @Valid @DefaultValue Journal journal,
        @Valid @DefaultValue Snapshot snapshot,
        @Valid @DefaultValue Limits limits,
        @Valid @DefaultValue Index index,
        @Valid @DefaultValue Export export) {

    /** Group commit of the operation journal ({@code journal/pathwayd/} in the store). */
    public record Journal(@Min(1) @DefaultValue("65536") int queueCapacity,
                          @Min(1) @DefaultValue("10000") int maxBatchEntries,
                          @NotNull @DefaultValue("500us") Duration window,
                          @NotNull @DefaultValue("10s") Duration retryBudget,
                          @NotNull @DefaultValue("30s") Duration writeTimeout) {
    }

    /**
     * Snapshots of the state, so start-up replays only the journal after the newest one. {@code cpuShare}: the share of
     * one core a background snapshot may use (it sleeps in proportion to the CPU it took); 1 = unpaced.
     */
    public record Snapshot(@Min(1) @DefaultValue("50000") long everyOperations, Path tmpDir,
                           @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") @DefaultValue("0.15")
                           double cpuShare) {
    }

    /** Request limits. */
    public record Limits(@Min(1) @Max(100_000) @DefaultValue("1000") int maxBatch,
                         @Min(1) @DefaultValue("65536") int maxContentLength,
                         @Min(1) @DefaultValue("100") int defaultPageSize,
                         @Min(1) @DefaultValue("1000") int maxPageSize) {
    }

    /**
     * The vectord index search uses, fed from the journal. {@code embedder} is vectord's embedder type
     * ({@code hash} or {@code openai}, the latter with {@code embedder-url} and {@code embedder-model}).
     */
    public record Index(@DefaultValue("true") boolean enabled,
                        @NotNull @Pattern(regexp = "^[a-z][a-z0-9_]{0,62}$") @DefaultValue("pathways") String name,
                        @Min(2) @Max(4096) @DefaultValue("384") int dim,
                        @NotNull @DefaultValue("hash") String embedder,
                        URI embedderUrl,
                        String embedderModel,
                        @Min(1) @Max(10_000) @DefaultValue("256") int batchSize,
                        @NotNull @DefaultValue("50ms") Duration retryMin,
                        @NotNull @DefaultValue("2s") Duration retryMax,
                        @NotNull @DefaultValue("1s") Duration cursorSaveInterval) {
    }

    /** Export of every event as dataset {@code pathway_event} into {@code raw/}; interval 0 turns it off. */
    public record Export(@NotNull @DefaultValue("2s") Duration interval,
                         @Min(1) @DefaultValue("10000") int maxEntries,
                         @DefaultValue("true") boolean seedContracts) {
    }
}
