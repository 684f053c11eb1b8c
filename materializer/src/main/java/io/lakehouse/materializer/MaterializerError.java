package io.lakehouse.materializer;

import io.lakehouse.shared.web.ErrorCode;
import org.springframework.http.HttpStatus;

/** The materializer's own problem-details codes. */
public enum MaterializerError implements ErrorCode {
    UNKNOWN_DATASET(HttpStatus.NOT_FOUND, "unknown_dataset", "Unknown dataset"),
    INVALID_DATASET_NAME(HttpStatus.BAD_REQUEST, "invalid_dataset_name", "Invalid dataset name"),
    MALFORMED_NDJSON(HttpStatus.BAD_REQUEST, "malformed_ndjson", "Body is not NDJSON"),
    EMPTY_BATCH(HttpStatus.BAD_REQUEST, "empty_batch", "Batch has no records"),
    RUN_IN_PROGRESS(HttpStatus.CONFLICT, "run_in_progress", "A run of this dataset is in progress"),
    RUN_NOT_FOUND(HttpStatus.NOT_FOUND, "run_not_found", "Unknown run"),
    STORE_FAILURE(HttpStatus.SERVICE_UNAVAILABLE, "store_failure", "Object store failure");

    private final HttpStatus status;
    private final String code;
    private final String title;

    MaterializerError(HttpStatus status, String code, String title) {
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
