package io.lakehouse.pathwayd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.FileSystemResource;

class PathwaydPropertiesTest {
    private static PathwaydProperties bind(Map<String, String> map) {
        return new Binder(new MapConfigurationPropertySource(map))
                .bindOrCreate("lakehouse.pathwayd", PathwaydProperties.class);
    }

    @Test
    void defaults() {
        PathwaydProperties p = bind(Map.of());
        assertThat(p.journal()).isEqualTo(new PathwaydProperties.Journal(65_536, 10_000, Duration.ofNanos(500_000),
                Duration.ofSeconds(10), Duration.ofSeconds(30)));
        assertThat(p.snapshot()).isEqualTo(new PathwaydProperties.Snapshot(50_000, null, 0.15));
        assertThat(p.limits()).isEqualTo(new PathwaydProperties.Limits(1000, 65_536, 100, 1000));
        assertThat(p.index()).isEqualTo(new PathwaydProperties.Index(true, "pathways", 384, "hash", null, null, 256,
                Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThat(p.export()).isEqualTo(new PathwaydProperties.Export(Duration.ofSeconds(2), 10_000, true));
    }

    @Test
    void everyKeyMaps() {
        PathwaydProperties p = bind(Map.ofEntries(
                Map.entry("lakehouse.pathwayd.journal.queue-capacity", "10"),
                Map.entry("lakehouse.pathwayd.journal.max-batch-entries", "20"),
                Map.entry("lakehouse.pathwayd.journal.window", "1ms"),
                Map.entry("lakehouse.pathwayd.journal.retry-budget", "2s"),
                Map.entry("lakehouse.pathwayd.journal.write-timeout", "3s"),
                Map.entry("lakehouse.pathwayd.snapshot.every-operations", "7"),
                Map.entry("lakehouse.pathwayd.snapshot.tmp-dir", "/var/tmp"),
                Map.entry("lakehouse.pathwayd.snapshot.cpu-share", "0.5"),
                Map.entry("lakehouse.pathwayd.limits.max-batch", "5"),
                Map.entry("lakehouse.pathwayd.limits.max-content-length", "6"),
                Map.entry("lakehouse.pathwayd.limits.default-page-size", "7"),
                Map.entry("lakehouse.pathwayd.limits.max-page-size", "8"),
                Map.entry("lakehouse.pathwayd.index.enabled", "false"),
                Map.entry("lakehouse.pathwayd.index.name", "mem"),
                Map.entry("lakehouse.pathwayd.index.dim", "768"),
                Map.entry("lakehouse.pathwayd.index.embedder", "openai"),
                Map.entry("lakehouse.pathwayd.index.embedder-url", "http://127.0.0.1:11434/v1/embeddings"),
                Map.entry("lakehouse.pathwayd.index.embedder-model", "nomic-embed-text"),
                Map.entry("lakehouse.pathwayd.index.batch-size", "9"),
                Map.entry("lakehouse.pathwayd.index.retry-min", "10ms"),
                Map.entry("lakehouse.pathwayd.index.retry-max", "1s"),
                Map.entry("lakehouse.pathwayd.index.cursor-save-interval", "5s"),
                Map.entry("lakehouse.pathwayd.export.interval", "0s"),
                Map.entry("lakehouse.pathwayd.export.max-entries", "11"),
                Map.entry("lakehouse.pathwayd.export.seed-contracts", "false")));
        assertThat(p.journal()).isEqualTo(new PathwaydProperties.Journal(10, 20, Duration.ofMillis(1),
                Duration.ofSeconds(2), Duration.ofSeconds(3)));
        assertThat(p.snapshot()).isEqualTo(new PathwaydProperties.Snapshot(7, Path.of("/var/tmp"), 0.5));
        assertThat(p.limits()).isEqualTo(new PathwaydProperties.Limits(5, 6, 7, 8));
        assertThat(p.index()).isEqualTo(new PathwaydProperties.Index(false, "mem", 768, "openai",
                URI.create("http://127.0.0.1:11434/v1/embeddings"), "nomic-embed-text", 9, Duration.ofMillis(10),
                Duration.ofSeconds(1), Duration.ofSeconds(5)));
        assertThat(p.export()).isEqualTo(new PathwaydProperties.Export(Duration.ZERO, 11, false));
    }

    /** lakehouse.example.yml documents every key with its default: binding it gives the defaults. */
    @Test
    void theExampleFileNamesEveryKeyWithItsDefault() throws Exception {
        var sources = new YamlPropertySourceLoader().load("example", new FileSystemResource("../lakehouse.example.yml"));
        PathwaydProperties fromFile = new Binder(ConfigurationPropertySources.from(sources))
                .bindOrCreate("lakehouse.pathwayd", PathwaydProperties.class);
        assertThat(fromFile).isEqualTo(bind(Map.of()));
        for (String key : new String[] {"journal.write-timeout", "snapshot.every-operations", "snapshot.cpu-share",
                "limits.max-page-size",
                "index.cursor-save-interval", "export.seed-contracts"}) {
            assertThat(sources.getFirst().getProperty("lakehouse.pathwayd." + key)).as(key).isNotNull();
        }
    }
}
