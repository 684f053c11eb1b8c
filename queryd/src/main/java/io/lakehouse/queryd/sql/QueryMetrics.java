package io.lakehouse.queryd.sql;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code queryd.queries} (timer with a histogram, by outcome and format), {@code queryd.rows.returned} and
 * {@code queryd.statements.rejected} (by reason).
 */
final class QueryMetrics {
    private final MeterRegistry registry;
    private final Counter rows;

    QueryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.rows = Counter.builder("queryd.rows.returned").description("Rows answered by POST /sql")
                .register(registry);
    }

    void record(String outcome, ResultFormat format, long nanos) {
        Timer.builder("queryd.queries").description("Statements run by POST /sql, by outcome")
                .tag("outcome", outcome).tag("format", format == null ? "none" : format.tag())
                .publishPercentileHistogram().register(registry)
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void rows(long n) {
        rows.increment(n);
    }

    void rejected(String reason) {
        Counter.builder("queryd.statements.rejected").description("Statements refused before or by DuckDB")
                .tag("reason", reason).register(registry).increment();
    }
}
