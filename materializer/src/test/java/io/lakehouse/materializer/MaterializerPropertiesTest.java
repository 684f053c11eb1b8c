package io.lakehouse.materializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class MaterializerPropertiesTest {
    static MaterializerProperties bind(Map<String, String> map) {
        return new Binder(new MapConfigurationPropertySource(map))
                .bindOrCreate("lakehouse.materializer", MaterializerProperties.class);
    }

    @Test
    void defaults() {
        MaterializerProperties p = bind(Map.of());
        assertThat(p.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.leaseTtl()).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.workDir()).isEmpty();
        assertThat(p.workPath().toString()).endsWith("lakehouse-materializer");
        assertThat(p.progressInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.validationThreads()).isZero();
        assertThat(p.duckdbThreads()).isEqualTo(2);
        assertThat(p.duckdbMemoryLimit()).isEqualTo(DataSize.ofMegabytes(512));
        assertThat(p.maxBatchResults()).isEqualTo(1000);
        assertThat(p.maxErrorsPerRecord()).isEqualTo(100);
        assertThat(p.regexBudget()).isEqualTo(Duration.ofMillis(50));
        assertThat(p.maxNestingDepth()).isEqualTo(128);
        assertThat(p.maxStringLength()).isEqualTo(8_388_608);
        assertThat(p.contractPoll()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.missRecheck()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.seedContracts()).isTrue();
        assertThat(p.refreshQueryd()).isTrue();
        assertThat(p.runsListed()).isEqualTo(100);
        assertThat(p.pauseAt()).isEmpty();
    }

    @Test
    void everyKeyMaps() {
        MaterializerProperties p = bind(Map.ofEntries(
                Map.entry("lakehouse.materializer.interval", "0"),
                Map.entry("lakehouse.materializer.lease-ttl", "30s"),
                Map.entry("lakehouse.materializer.work-dir", "/var/tmp/m"),
                Map.entry("lakehouse.materializer.progress-interval", "1s"),
                Map.entry("lakehouse.materializer.validation-threads", "3"),
                Map.entry("lakehouse.materializer.duckdb-threads", "4"),
                Map.entry("lakehouse.materializer.duckdb-memory-limit", "1GB"),
                Map.entry("lakehouse.materializer.max-batch-results", "10"),
                Map.entry("lakehouse.materializer.max-errors-per-record", "5"),
                Map.entry("lakehouse.materializer.regex-budget", "10ms"),
                Map.entry("lakehouse.materializer.max-nesting-depth", "32"),
                Map.entry("lakehouse.materializer.max-string-length", "1000"),
                Map.entry("lakehouse.materializer.contract-poll", "5s"),
                Map.entry("lakehouse.materializer.miss-recheck", "2s"),
                Map.entry("lakehouse.materializer.seed-contracts", "false"),
                Map.entry("lakehouse.materializer.refresh-queryd", "false"),
                Map.entry("lakehouse.materializer.runs-listed", "7"),
                Map.entry("lakehouse.materializer.pause-at", "staged")));
        assertThat(p).isEqualTo(new MaterializerProperties(Duration.ZERO, Duration.ofSeconds(30), "/var/tmp/m",
                Duration.ofSeconds(1), 3, 4, DataSize.ofGigabytes(1), 10, 5, Duration.ofMillis(10), 32, 1000,
                Duration.ofSeconds(5), Duration.ofSeconds(2), false, false, 7, "staged"));
        assertThat(p.workPath().toString()).isEqualTo("/var/tmp/m");
    }

    @Test
    void badValuesSayWhichKey() {
        assertThatThrownBy(() -> bind(Map.of("lakehouse.materializer.pause-at", "later")))
                .hasRootCauseMessage("lakehouse.materializer.pause-at must be writing, staged or committing, got later");
        assertThatThrownBy(() -> bind(Map.of("lakehouse.materializer.lease-ttl", "10ms")))
                .hasRootCauseMessage("lakehouse.materializer.lease-ttl must be at least 1s, got PT0.01S");
    }
}
