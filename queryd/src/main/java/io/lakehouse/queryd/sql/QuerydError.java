package io.lakehouse.queryd.sql;

import io.lakehouse.shared.web.ErrorCode;
import org.springframework.http.HttpStatus;

/** The errors {@code POST /sql} answers, by the codes in the queryd spec. */
public enum QuerydError implements ErrorCode {
    BAD_REQUEST(HttpStatus.BAD_REQUEST, "bad_request", "Bad request"),
    SQL_ERROR(HttpStatus.BAD_REQUEST, "sql_error", "SQL error"),
    READ_ONLY(HttpStatus.FORBIDDEN, "read_only", "Only reading statements are allowed"),
    STATEMENT_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "statement_timeout", "Statement timed out"),
    TOO_BUSY(HttpStatus.TOO_MANY_REQUESTS, "too_busy", "Too many concurrent statements");

    private final HttpStatus status;
    private final String code;
    private final String title;

    QuerydError(HttpStatus status, String code, String title) {
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
