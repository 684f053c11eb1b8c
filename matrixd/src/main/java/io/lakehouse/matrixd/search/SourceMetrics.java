package io.lakehouse.matrixd.search;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Per source type: {@code matrixd.source.duration} (timer with a percentile histogram, tagged by outcome),
 * {@code matrixd.source.errors} and {@code matrixd.source.timeouts}. Tagged by type, not by name: names are
 * chosen per request and would make the series unbounded.
 */
public final class SourceMetrics {
    private final MeterRegistry meters;

    public SourceMetrics(MeterRegistry meters) {
        this.meters = meters;
        for (String type : new String[] {"vector", "memory", "sql"}) {
            // Registered up front so that /actuator/prometheus lists them before the first failure.
            errors(type);
            timeouts(type);
        }
    }

    void record(SourceResult r) {
        String type = r.spec().type();
        Timer.builder("matrixd.source.duration").description("time a source took, as seen by matrixd")
                .tag("type", type).tag("outcome", r.status().word()).publishPercentileHistogram().register(meters)
                .record((long) (r.tookMs() * 1_000_000), TimeUnit.NANOSECONDS);
        switch (r.status()) {
            case ERROR -> errors(type).increment();
            case TIMEOUT -> timeouts(type).increment();
            case OK -> { }
        }
    }

    private Counter errors(String type) {
        return Counter.builder("matrixd.source.errors").description("source calls that failed (not timeouts)")
                .tag("type", type).register(meters);
    }

    private Counter timeouts(String type) {
        return Counter.builder("matrixd.source.timeouts").description("source calls cut by their timeout or the deadline")
                .tag("type", type).register(meters);
    }
}
