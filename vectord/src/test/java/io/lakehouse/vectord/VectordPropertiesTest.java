package io.lakehouse.vectord;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class VectordPropertiesTest {
    private static VectordProperties bind(Map<String, String> map) {
        return new Binder(new MapConfigurationPropertySource(map))
                .bindOrCreate("lakehouse.vectord", VectordProperties.class);
    }

    @Test
    void defaults() {
        VectordProperties p = bind(Map.of());
        assertThat(p.defaults()).isEqualTo(new VectordProperties.Defaults(16, 200, 64, 1024));
        assertThat(p.groupCommit()).isEqualTo(new VectordProperties.GroupCommit(Duration.ZERO, 8192, 4096));
        assertThat(p.snapshot()).isEqualTo(new VectordProperties.Snapshot(50_000, DataSize.ofMegabytes(64),
                Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(30), null));
        assertThat(p.embedder()).isEqualTo(new VectordProperties.Embedder(Duration.ofSeconds(5), Duration.ofSeconds(30),
                3, Duration.ofMillis(200), 64));
        assertThat(p.load().threads()).isZero();
        assertThat(p.maxBatchItems()).isEqualTo(10_000);
    }

    @Test
    void everyKeyMaps() {
        VectordProperties p = bind(Map.ofEntries(
                Map.entry("lakehouse.vectord.defaults.m", "32"),
                Map.entry("lakehouse.vectord.defaults.ef-construction", "100"),
                Map.entry("lakehouse.vectord.defaults.ef-search", "128"),
                Map.entry("lakehouse.vectord.defaults.initial-capacity", "4096"),
                Map.entry("lakehouse.vectord.group-commit.window", "2ms"),
                Map.entry("lakehouse.vectord.group-commit.max-batch-records", "100"),
                Map.entry("lakehouse.vectord.group-commit.queue-capacity", "10"),
                Map.entry("lakehouse.vectord.snapshot.every-records", "7"),
                Map.entry("lakehouse.vectord.snapshot.every-log-size", "1MB"),
                Map.entry("lakehouse.vectord.snapshot.interval", "1m"),
                Map.entry("lakehouse.vectord.snapshot.min-interval", "1s"),
                Map.entry("lakehouse.vectord.snapshot.shutdown-timeout", "5s"),
                Map.entry("lakehouse.vectord.snapshot.tmp-dir", "/var/tmp"),
                Map.entry("lakehouse.vectord.embedder.connect-timeout", "1s"),
                Map.entry("lakehouse.vectord.embedder.request-timeout", "2s"),
                Map.entry("lakehouse.vectord.embedder.max-retries", "5"),
                Map.entry("lakehouse.vectord.embedder.backoff", "50ms"),
                Map.entry("lakehouse.vectord.embedder.batch-size", "16"),
                Map.entry("lakehouse.vectord.load.threads", "3"),
                Map.entry("lakehouse.vectord.max-batch-items", "500")));
        assertThat(p.defaults()).isEqualTo(new VectordProperties.Defaults(32, 100, 128, 4096));
        assertThat(p.groupCommit()).isEqualTo(new VectordProperties.GroupCommit(Duration.ofMillis(2), 100, 10));
        assertThat(p.snapshot()).isEqualTo(new VectordProperties.Snapshot(7, DataSize.ofMegabytes(1),
                Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(5), Path.of("/var/tmp")));
        assertThat(p.embedder()).isEqualTo(new VectordProperties.Embedder(Duration.ofSeconds(1), Duration.ofSeconds(2),
                5, Duration.ofMillis(50), 16));
        assertThat(p.load().threads()).isEqualTo(3);
        assertThat(p.maxBatchItems()).isEqualTo(500);
    }
}
