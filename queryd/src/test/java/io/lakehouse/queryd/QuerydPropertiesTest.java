package io.lakehouse.queryd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class QuerydPropertiesTest {
    private static QuerydProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("lakehouse.queryd", QuerydProperties.class);
    }

    @Test
    void defaults() {
        QuerydProperties p = bind(Map.of());
        assertThat(p.refreshInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(p.maxRows()).isEqualTo(10_000);
        assertThat(p.maxExportRows()).isEqualTo(5_000_000);
        assertThat(p.maxResultSize()).isEqualTo(DataSize.ofMegabytes(64));
        assertThat(p.statementTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.maxConcurrentStatements()).isEqualTo(4);
        assertThat(p.memoryLimit()).isEqualTo(DataSize.ofGigabytes(1));
        assertThat(p.threads()).isZero();
        assertThat(p.effectiveThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(p.mirrorDir().normalize()).isEqualTo(Path.of("data/queryd-mirror"));
        assertThat(p.workDir()).isNull();
    }

    @Test
    void everyKeyMaps() {
        QuerydProperties p = bind(Map.of("lakehouse.queryd.refresh-interval", "2s",
                "lakehouse.queryd.max-rows", "50", "lakehouse.queryd.max-export-rows", "60",
                "lakehouse.queryd.max-result-size", "1MB", "lakehouse.queryd.statement-timeout", "5s",
                "lakehouse.queryd.max-concurrent-statements", "3", "lakehouse.queryd.memory-limit", "256MB",
                "lakehouse.queryd.threads", "1", "lakehouse.queryd.mirror-dir", "/var/m",
                "lakehouse.queryd.work-dir", "/var/w"));
        assertThat(p).isEqualTo(new QuerydProperties(Duration.ofSeconds(2), 50, 60, DataSize.ofMegabytes(1),
                Duration.ofSeconds(5), 3, DataSize.ofMegabytes(256), 1, Path.of("/var/m"), Path.of("/var/w")));
        assertThat(p.effectiveThreads()).isEqualTo(1);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> bind(Map.of("lakehouse.queryd.statement-timeout", "0s")))
                .hasStackTraceContaining("statement-timeout must be positive");
        assertThatThrownBy(() -> bind(Map.of("lakehouse.queryd.memory-limit", "1MB")))
                .hasStackTraceContaining("memory-limit must be at least 16MB");
    }
}
