package io.lakehouse.observerd;

import io.lakehouse.shared.web.ErrorCode;
import org.springframework.http.HttpStatus;

/** observerd's stable error codes. */
public final class ObserverdError {
    public static final ErrorCode INVALID_BATCH =
            ErrorCode.of(HttpStatus.BAD_REQUEST, "invalid_batch", "Invalid observation batch");
    public static final ErrorCode BATCH_TOO_LARGE =
            ErrorCode.of(HttpStatus.CONTENT_TOO_LARGE, "batch_too_large", "Too many items in one batch");
    public static final ErrorCode INVALID_OTLP =
            ErrorCode.of(HttpStatus.BAD_REQUEST, "invalid_otlp", "Invalid OTLP request");
    public static final ErrorCode INGEST_QUEUE_FULL =
            ErrorCode.of(HttpStatus.TOO_MANY_REQUESTS, "ingest_queue_full", "Too many observations waiting");
    public static final ErrorCode JOURNAL_UNAVAILABLE =
            ErrorCode.of(HttpStatus.SERVICE_UNAVAILABLE, "journal_unavailable", "Journal unavailable");
    public static final ErrorCode CONTRACT_MISSING =
            ErrorCode.of(HttpStatus.SERVICE_UNAVAILABLE, "contract_missing", "Observation contract not loaded");
    public static final ErrorCode RUN_NOT_FOUND = ErrorCode.of(HttpStatus.NOT_FOUND, "run_not_found", "Run not found");
    public static final ErrorCode INVALID_QUERY =
            ErrorCode.of(HttpStatus.BAD_REQUEST, "invalid_query", "Invalid query parameter");
    public static final ErrorCode CAPTURE_NOT_FOUND =
            ErrorCode.of(HttpStatus.NOT_FOUND, "capture_not_found", "Capture not found");
    public static final ErrorCode INVALID_CAPTURE =
            ErrorCode.of(HttpStatus.BAD_REQUEST, "invalid_capture", "Invalid capture");
    public static final ErrorCode INVALID_REPLAY =
            ErrorCode.of(HttpStatus.BAD_REQUEST, "invalid_replay", "Invalid replay request");
    public static final ErrorCode TARGET_NOT_ALLOWED =
            ErrorCode.of(HttpStatus.FORBIDDEN, "target_not_allowed", "Replay target not allowed");

    private ObserverdError() {
    }
}
