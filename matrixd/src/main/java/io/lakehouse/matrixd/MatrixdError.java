package io.lakehouse.matrixd;

import io.lakehouse.shared.web.ErrorCode;
import org.springframework.http.HttpStatus;

/** matrixd's stable error codes. */
public enum MatrixdError implements ErrorCode {
    INVALID_SEARCH(HttpStatus.BAD_REQUEST, "invalid_search", "Invalid search request"),
    INVALID_MATCH(HttpStatus.BAD_REQUEST, "invalid_match", "Invalid match request"),
    INDEX_NOT_FOUND(HttpStatus.NOT_FOUND, "index_not_found", "Index not found"),
    ALL_SOURCES_FAILED(HttpStatus.BAD_GATEWAY, "all_sources_failed", "Every source failed"),
    PEER_FAILED(HttpStatus.BAD_GATEWAY, "peer_failed", "A peer daemon failed"),
    PEER_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "peer_timeout", "A peer daemon timed out");

    private final HttpStatus status;
    private final String code;
    private final String title;

    MatrixdError(HttpStatus status, String code, String title) {
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
