package io.lakehouse.vectord;

import io.lakehouse.shared.web.ErrorCode;
import org.springframework.http.HttpStatus;

/** vectord's stable error codes. */
public final class VectordError {
    public static final ErrorCode INDEX_NOT_FOUND =
            ErrorCode.of(HttpStatus.NOT_FOUND, "index_not_found", "Index not found");
    public static final ErrorCode ITEM_NOT_FOUND =
            ErrorCode.of(HttpStatus.NOT_FOUND, "item_not_found", "Item not found");
    public static final ErrorCode INDEX_CONFLICT =
            ErrorCode.of(HttpStatus.CONFLICT, "index_conflict", "Index exists with different settings");
    public static final ErrorCode INVALID_INDEX =
            ErrorCode.of(HttpStatus.BAD_REQUEST, "invalid_index_settings", "Invalid index settings");
    public static final ErrorCode INVALID_ITEM = ErrorCode.of(HttpStatus.BAD_REQUEST, "invalid_item", "Invalid item");
    public static final ErrorCode INVALID_VECTOR =
            ErrorCode.of(HttpStatus.BAD_REQUEST, "invalid_vector", "Invalid vector");
    public static final ErrorCode INVALID_FILTER =
            ErrorCode.of(HttpStatus.BAD_REQUEST, "invalid_filter", "Invalid filter");
    public static final ErrorCode INVALID_SEARCH =
            ErrorCode.of(HttpStatus.BAD_REQUEST, "invalid_search", "Invalid search");
    public static final ErrorCode NO_EMBEDDER =
            ErrorCode.of(HttpStatus.BAD_REQUEST, "no_embedder", "Index has no embedder");
    public static final ErrorCode EMBEDDER_FAILED =
            ErrorCode.of(HttpStatus.BAD_GATEWAY, "embedder_failed", "Embedder failed");
    public static final ErrorCode EMBEDDER_TIMEOUT =
            ErrorCode.of(HttpStatus.GATEWAY_TIMEOUT, "embedder_timeout", "Embedder timed out");
    public static final ErrorCode LOG_WRITE_FAILED =
            ErrorCode.of(HttpStatus.SERVICE_UNAVAILABLE, "log_write_failed", "Write-ahead log write failed");
    public static final ErrorCode WRITE_QUEUE_FULL =
            ErrorCode.of(HttpStatus.TOO_MANY_REQUESTS, "write_queue_full", "Too many pending writes");
    public static final ErrorCode LOADING =
            ErrorCode.of(HttpStatus.SERVICE_UNAVAILABLE, "indexes_loading", "Indexes are still loading");

    private VectordError() {
    }
}
