package io.lakehouse.matrixd;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code lakehouse.matrixd.*}: every key has a default that runs on a laptop; all are listed in docs/matrixd.md. */
@Validated
@ConfigurationProperties("lakehouse.matrixd")
public record MatrixdProperties(@Valid @DefaultValue Search search, @Valid @DefaultValue Match match) {

    /** Fused search: fusion constant, timeouts and request limits. */
    public record Search(@Min(1) @Max(10_000) @DefaultValue("60") int rrfK,
                         @NotNull @DefaultValue("2s") Duration sourceTimeout,
                         @NotNull @DefaultValue("5s") Duration deadline,
                         @NotNull @DefaultValue("60s") Duration maxTimeout,
                         @Min(1) @Max(64) @DefaultValue("8") int maxSources,
                         @Min(1) @Max(10_000) @DefaultValue("1000") int maxK) {
        public Search {
            if (sourceTimeout.isNegative() || sourceTimeout.isZero() || deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("lakehouse.matrixd.search timeouts must be positive");
            }
        }
    }

    /** Match matrices: how the left side is paged and how right-side searches are batched. */
    public record Match(@Min(1) @Max(1000) @DefaultValue("500") int pageSize,
                        @Min(1) @Max(1000) @DefaultValue("100") int batchSize,
                        @Min(1) @Max(64) @DefaultValue("2") int concurrency,
                        @Min(1) @Max(1000) @DefaultValue("100") int maxK,
                        @Min(1) @DefaultValue("100000") int maxIds) {
    }
}
