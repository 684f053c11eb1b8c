package io.lakehouse.matrixd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class MatrixdPropertiesTest {
    private static MatrixdProperties bind(Map<String, String> map) {
        return new Binder(new MapConfigurationPropertySource(map))
                .bindOrCreate("lakehouse.matrixd", MatrixdProperties.class);
    }

    @Test
    void defaults() {
        MatrixdProperties p = bind(Map.of());
        assertThat(p.search()).isEqualTo(new MatrixdProperties.Search(60, Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofSeconds(60), 8, 1000));
        assertThat(p.match()).isEqualTo(new MatrixdProperties.Match(500, 100, 2, 100, 100_000));
    }

    @Test
    void everyKeyMaps() {
        MatrixdProperties p = bind(Map.ofEntries(
                Map.entry("lakehouse.matrixd.search.rrf-k", "10"),
                Map.entry("lakehouse.matrixd.search.source-timeout", "300ms"),
                Map.entry("lakehouse.matrixd.search.deadline", "1s"),
                Map.entry("lakehouse.matrixd.search.max-timeout", "10s"),
                Map.entry("lakehouse.matrixd.search.max-sources", "3"),
                Map.entry("lakehouse.matrixd.search.max-k", "50"),
                Map.entry("lakehouse.matrixd.match.page-size", "50"),
                Map.entry("lakehouse.matrixd.match.batch-size", "10"),
                Map.entry("lakehouse.matrixd.match.concurrency", "4"),
                Map.entry("lakehouse.matrixd.match.max-k", "20"),
                Map.entry("lakehouse.matrixd.match.max-ids", "1000")));
        assertThat(p.search()).isEqualTo(new MatrixdProperties.Search(10, Duration.ofMillis(300), Duration.ofSeconds(1),
                Duration.ofSeconds(10), 3, 50));
        assertThat(p.match()).isEqualTo(new MatrixdProperties.Match(50, 10, 4, 20, 1000));
    }
}
