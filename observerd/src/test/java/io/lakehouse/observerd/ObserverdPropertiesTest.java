package io.lakehouse.observerd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.FileSystemResource;

class ObserverdPropertiesTest {
    static ObserverdProperties bind(Map<String, String> map) {
        return new Binder(new MapConfigurationPropertySource(map))
                .bindOrCreate("lakehouse.observerd", ObserverdProperties.class);
    }

    @Test
    void defaults() {
        ObserverdProperties p = bind(Map.of());
        assertThat(p.ingest()).isEqualTo(new ObserverdProperties.Ingest(10_000, 200_000, 256, Duration.ZERO, 256,
                Duration.ofSeconds(30), 1000));
        assertThat(p.runs()).isEqualTo(new ObserverdProperties.Runs(500_000, 50, 1000));
        assertThat(p.stats()).isEqualTo(new ObserverdProperties.Stats(2000, 2));
        assertThat(p.export()).isEqualTo(new ObserverdProperties.Export(true, Duration.ofSeconds(2), 32,
                org.springframework.util.unit.DataSize.ofMegabytes(64)));
        assertThat(p.snapshot()).isEqualTo(new ObserverdProperties.Snapshot(2000, Duration.ofSeconds(10), null));
        assertThat(p.replay()).isEqualTo(new ObserverdProperties.Replay(
                List.of("http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"), 4, Duration.ofSeconds(30),
                Duration.ofSeconds(2), 10_000, 100));
        assertThat(p.seedContracts()).isTrue();
    }

    /** lakehouse.example.yml documents every key with its default: binding it gives the defaults. */
    @Test
    void theExampleFileNamesEveryKeyWithItsDefault() throws Exception {
        var sources = new YamlPropertySourceLoader().load("example",
                new FileSystemResource("../lakehouse.example.yml"));
        ObserverdProperties fromFile = new Binder(ConfigurationPropertySources.from(sources))
                .bindOrCreate("lakehouse.observerd", ObserverdProperties.class);
        assertThat(fromFile).isEqualTo(bind(Map.of()));
        assertThat(sources.getFirst().getProperty("lakehouse.observerd.replay.max-diffs-per-case")).isNotNull();
        assertThat(sources.getFirst().getProperty("lakehouse.observerd.ingest.max-errors-listed")).isNotNull();
    }
}
