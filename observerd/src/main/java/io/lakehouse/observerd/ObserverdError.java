package io.lakehouse.observerd;

import io.lakehouse.shared.web.ErrorCode;
import org.springframework.http.HttpStatus;

/** observerd's stable error codes. */
public enum ObserverdError implements ErrorCode {
    INVALID_BATCH(HttpStatus.BAD_REQUEST, "invalid_batch", "Invalid observation batch"),
    BATCH_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "batch_too_large", "Too many items in one batch"),
    INVALID_OTLP(HttpStatus.BAD_REQUEST, "invalid_otlp", "Invalid OTLP request"),
    INGEST_QUEUE_FULL(HttpStatus.TOO_MANY_REQUESTS, "ingest_queue_full", "Too many observations waiting"),
    JOURNAL_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "journal_unavailable", "Journal unavailable"),
    CONTRACT_MISSING(HttpStatus.SERVICE_UNAVAILABLE, "contract_missing", "Observation contract not loaded"),
    RUN_NOT_FOUND(HttpStatus.NOT_FOUND, "run_not_found", "Run not found"),
    INVALID_QUERY(HttpStatus.BAD_REQUEST, "invalid_query", "Invalid query parameter"),
    CAPTURE_NOT_FOUND(HttpStatus.NOT_FOUND, "capture_not_found", "Capture not found"),
    INVALID_CAPTURE(HttpStatus.BAD_REQUEST, "invalid_capture", "Invalid capture"),
    INVALID_REPLAY(HttpStatus.BAD_REQUEST, "invalid_replay", "Invalid replay request"),
    TARGET_NOT_ALLOWED(HttpStatus.FORBIDDEN, "target_not_allowed", "Replay target not allowed");

    private final HttpStatus status;
    private final String code;
    private final String title;

    ObserverdError(HttpStatus status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    @Override
    public HttpStatus status() {
        return status;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String title() {
        return title;
    }
}
