package io.lakehouse.observerd.observation;

/**
 * One accepted observation as observerd keeps it: the fields runs and stats need, and its canonical JSON line (what
 * the journal holds, the lake receives and {@code GET /v1/runs/{id}} shows).
 *
 * @param startedNanos  epoch nanoseconds
 * @param inputTokens   -1 when absent
 * @param outputTokens  -1 when absent
 * @param costUsd       NaN when absent
 */
public record Observation(String observationId, String runId, String parentId, String agent, String kind, String name,
                          long startedNanos, long endedNanos, boolean error, long inputTokens, long outputTokens,
                          double costUsd, byte[] line) {

    public long durationNanos() {
        return endedNanos - startedNanos;
    }

    public boolean hasCost() {
        return !Double.isNaN(costUsd);
    }
}
