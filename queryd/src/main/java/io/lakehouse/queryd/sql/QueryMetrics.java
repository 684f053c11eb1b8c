package io.lakehouse.queryd.sql;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code queryd.queries} (timer with a histogram, by outcome and format), {@code queryd.rows.returned} and
 * {@code queryd.statements.rejected} (by reason).
 */
final class QueryMetrics {
    private static final ResultFormat[] FORMATS = ResultFormat.values();

    private final MeterRegistry registry;
    private final Counter rows;
    /**
     * Timers by outcome, one per format (index {@code FORMATS.length}: no format), registered once: building and
     * registering a timer per statement (tags sorted, registry looked up) was a measurable part of a small one.
     */
    private final ConcurrentMap<String, Timer[]> timers = new ConcurrentHashMap<>();

    QueryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.rows = Counter.builder("queryd.rows.returned").description("Rows answered by POST /sql")
                .register(registry);
    }

    void record(String outcome, ResultFormat format, long nanos) {
        Timer[] byFormat = timers.computeIfAbsent(outcome, o -> new Timer[FORMATS.length + 1]);
        int i = format == null ? FORMATS.length : format.ordinal();
        Timer t = byFormat[i];
        if (t == null) {
            // A race registers the same meter twice; the registry answers the one instance both times.
            t = Timer.builder("queryd.queries").description("Statements run by POST /sql, by outcome")
                    .tag("outcome", outcome).tag("format", format == null ? "none" : format.tag())
                    .publishPercentileHistogram().register(registry);
            byFormat[i] = t;
        }
        t.record(nanos, TimeUnit.NANOSECONDS);
    }

    void rows(long n) {
        rows.increment(n);
    }

    void rejected(String reason) {
        Counter.builder("queryd.statements.rejected").description("Statements refused before or by DuckDB")
                .tag("reason", reason).register(registry).increment();
    }
}
