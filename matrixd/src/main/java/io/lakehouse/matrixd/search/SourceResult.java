package io.lakehouse.matrixd.search;

import java.util.List;

/** How one source fared: its hits when {@code ok}, else why not. {@code httpStatus} is 0 when none was received. */
public record SourceResult(SourceSpec spec, Status status, double tookMs, List<Hit> hits, String code, String detail,
                           int httpStatus) {
    /** The closed set of outcomes reported in the {@code sources} block. */
    public enum Status {
        OK, ERROR, TIMEOUT;

        /** The wire word. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public SourceResult {
        hits = hits == null ? List.of() : List.copyOf(hits);
    }

    static SourceResult ok(SourceSpec spec, double tookMs, List<Hit> hits) {
        return new SourceResult(spec, Status.OK, tookMs, hits, null, null, 0);
    }

    static SourceResult error(SourceSpec spec, double tookMs, String code, String detail, int httpStatus) {
        return new SourceResult(spec, Status.ERROR, tookMs, List.of(), code, detail, httpStatus);
    }

    static SourceResult timeout(SourceSpec spec, double tookMs, String detail) {
        return new SourceResult(spec, Status.TIMEOUT, tookMs, List.of(), "timeout", detail, 0);
    }
}
