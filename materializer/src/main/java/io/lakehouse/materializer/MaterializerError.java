package io.lakehouse.materializer;

import io.lakehouse.shared.web.ErrorCode;
import org.springframework.http.HttpStatus;

/** The materializer's own problem-details codes. */
public final class MaterializerError {
    public static final ErrorCode UNKNOWN_DATASET =
            ErrorCode.of(HttpStatus.NOT_FOUND, "unknown_dataset", "Unknown dataset");
    public static final ErrorCode INVALID_DATASET_NAME =
            ErrorCode.of(HttpStatus.BAD_REQUEST, "invalid_dataset_name", "Invalid dataset name");
    public static final ErrorCode MALFORMED_NDJSON =
            ErrorCode.of(HttpStatus.BAD_REQUEST, "malformed_ndjson", "Body is not NDJSON");
    public static final ErrorCode EMPTY_BATCH =
            ErrorCode.of(HttpStatus.BAD_REQUEST, "empty_batch", "Batch has no records");
    public static final ErrorCode RUN_IN_PROGRESS =
            ErrorCode.of(HttpStatus.CONFLICT, "run_in_progress", "A run of this dataset is in progress");
    public static final ErrorCode RUN_NOT_FOUND = ErrorCode.of(HttpStatus.NOT_FOUND, "run_not_found", "Unknown run");
    public static final ErrorCode STORE_FAILURE =
            ErrorCode.of(HttpStatus.SERVICE_UNAVAILABLE, "store_failure", "Object store failure");

    private MaterializerError() {
    }
}
