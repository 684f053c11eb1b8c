package io.lakehouse.matrixd;

import io.lakehouse.shared.web.ErrorCode;
import org.springframework.http.HttpStatus;

/** matrixd's stable error codes. */
public final class MatrixdError {
    public static final ErrorCode INVALID_SEARCH =
            ErrorCode.of(HttpStatus.BAD_REQUEST, "invalid_search", "Invalid search request");
    public static final ErrorCode INVALID_MATCH =
            ErrorCode.of(HttpStatus.BAD_REQUEST, "invalid_match", "Invalid match request");
    public static final ErrorCode INDEX_NOT_FOUND =
            ErrorCode.of(HttpStatus.NOT_FOUND, "index_not_found", "Index not found");
    public static final ErrorCode ALL_SOURCES_FAILED =
            ErrorCode.of(HttpStatus.BAD_GATEWAY, "all_sources_failed", "Every source failed");
    public static final ErrorCode PEER_FAILED =
            ErrorCode.of(HttpStatus.BAD_GATEWAY, "peer_failed", "A peer daemon failed");
    public static final ErrorCode PEER_TIMEOUT =
            ErrorCode.of(HttpStatus.GATEWAY_TIMEOUT, "peer_timeout", "A peer daemon timed out");

    private MatrixdError() {
    }
}
