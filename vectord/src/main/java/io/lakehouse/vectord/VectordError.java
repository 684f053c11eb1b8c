package io.lakehouse.vectord;

import io.lakehouse.shared.web.ErrorCode;
import org.springframework.http.HttpStatus;

/** vectord's stable error codes. */
public enum VectordError implements ErrorCode {
    INDEX_NOT_FOUND(HttpStatus.NOT_FOUND, "index_not_found", "Index not found"),
    ITEM_NOT_FOUND(HttpStatus.NOT_FOUND, "item_not_found", "Item not found"),
    INDEX_CONFLICT(HttpStatus.CONFLICT, "index_conflict", "Index exists with different settings"),
    INVALID_INDEX(HttpStatus.BAD_REQUEST, "invalid_index_settings", "Invalid index settings"),
    INVALID_ITEM(HttpStatus.BAD_REQUEST, "invalid_item", "Invalid item"),
    INVALID_VECTOR(HttpStatus.BAD_REQUEST, "invalid_vector", "Invalid vector"),
    INVALID_FILTER(HttpStatus.BAD_REQUEST, "invalid_filter", "Invalid filter"),
    INVALID_SEARCH(HttpStatus.BAD_REQUEST, "invalid_search", "Invalid search"),
    NO_EMBEDDER(HttpStatus.BAD_REQUEST, "no_embedder", "Index has no embedder"),
    EMBEDDER_FAILED(HttpStatus.BAD_GATEWAY, "embedder_failed", "Embedder failed"),
    EMBEDDER_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "embedder_timeout", "Embedder timed out"),
    LOG_WRITE_FAILED(HttpStatus.SERVICE_UNAVAILABLE, "log_write_failed", "Write-ahead log write failed"),
    WRITE_QUEUE_FULL(HttpStatus.TOO_MANY_REQUESTS, "write_queue_full", "Too many pending writes"),
    LOADING(HttpStatus.SERVICE_UNAVAILABLE, "indexes_loading", "Indexes are still loading");

    private final HttpStatus status;
    private final String code;
    private final String title;

    VectordError(HttpStatus status, String code, String title) {
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
