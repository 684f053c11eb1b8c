package io.lakehouse.shared.web;

import org.springframework.http.HttpStatus;

/** Errors every daemon can answer, whatever its API. */
public enum CommonError implements ErrorCode {
    MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "malformed_request", "Malformed request"),
    INVALID_ARGUMENT(HttpStatus.BAD_REQUEST, "invalid_argument", "Invalid argument"),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "Forbidden"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not_found", "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not_acceptable", "Not acceptable"),
    CONFLICT(HttpStatus.CONFLICT, "conflict", "Conflict"),
    PRECONDITION_FAILED(HttpStatus.PRECONDITION_FAILED, "precondition_failed", "Precondition failed"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "Unsupported media type"),
    UNPROCESSABLE(HttpStatus.UNPROCESSABLE_CONTENT, "unprocessable", "Unprocessable content"),
    TOO_MANY_REQUESTS(HttpStatus.TOO_MANY_REQUESTS, "too_many_requests", "Too many requests"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "Internal error"),
    BAD_GATEWAY(HttpStatus.BAD_GATEWAY, "bad_gateway", "Bad gateway"),
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable"),
    TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "timeout", "Timed out");

    private final HttpStatus status;
    private final String code;
    private final String title;

    CommonError(HttpStatus status, String code, String title) {
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

    /** The common error for a status that Spring or the container produced, e.g. 405 or 415. */
    public static CommonError forStatus(int status) {
        for (CommonError e : values()) {
            if (e.status.value() == status) {
                return e;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : MALFORMED_REQUEST;
    }
}
