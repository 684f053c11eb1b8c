package io.lakehouse.validatord;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ValidatordPropertiesTest {

    private static ValidatordProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("lakehouse.validatord", ValidatordProperties.class);
    }

    @Test
    void defaults() {
        assertThat(bind(Map.of())).isEqualTo(new ValidatordProperties(Duration.ofSeconds(2), Duration.ofSeconds(1),
                100, 1000, Duration.ofMillis(50), 128, 8 * 1024 * 1024, true));
    }

    @Test
    void everyKeyMaps() {
        ValidatordProperties p = bind(Map.of(
                "lakehouse.validatord.poll-interval", "5s",
                "lakehouse.validatord.miss-recheck", "250ms",
                "lakehouse.validatord.max-errors-per-record", "10",
                "lakehouse.validatord.max-batch-results", "20",
                "lakehouse.validatord.regex-budget", "10ms",
                "lakehouse.validatord.max-nesting-depth", "64",
                "lakehouse.validatord.max-string-length", "1000",
                "lakehouse.validatord.seed-contracts", "false"));
        assertThat(p).isEqualTo(new ValidatordProperties(Duration.ofSeconds(5), Duration.ofMillis(250), 10, 20,
                Duration.ofMillis(10), 64, 1000, false));
        assertThat(p.engineSettings().maxErrorsPerRecord()).isEqualTo(10);
        assertThat(p.engineSettings().formatAssertions()).isTrue();
    }
}
