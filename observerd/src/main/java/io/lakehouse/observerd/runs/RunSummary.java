package io.lakehouse.observerd.runs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A run in a listing: who ran it, when, how it ended and what it used. */
public record RunSummary(String runId, String agent, String name, String status, long startedNanos, long endedNanos,
                         int observations, int errors, long inputTokens, long outputTokens, double costUsd,
                         boolean hasRoot) {

    /** Where a page ended: the last run's start and id, opaque to clients. */
    public record Cursor(long startedNanos, String runId) {
        public String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((startedNanos + ":" + runId).getBytes(StandardCharsets.UTF_8));
        }

        /** @throws IllegalArgumentException for anything {@link #encode} did not produce */
        public static Cursor decode(String s) {
            String raw = new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("not a cursor");
            }
            return new Cursor(Long.parseLong(raw.substring(0, colon)), raw.substring(colon + 1));
        }
    }

    public Cursor cursor() {
        return new Cursor(startedNanos, runId);
    }
}
