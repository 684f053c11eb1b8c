package io.lakehouse.queryd.sql;

import io.lakehouse.shared.web.ErrorCode;
import org.springframework.http.HttpStatus;

/** The errors {@code POST /sql} answers, by the codes in the queryd spec. */
public final class QuerydError {
    public static final ErrorCode BAD_REQUEST = ErrorCode.of(HttpStatus.BAD_REQUEST, "bad_request", "Bad request");
    public static final ErrorCode SQL_ERROR = ErrorCode.of(HttpStatus.BAD_REQUEST, "sql_error", "SQL error");
    public static final ErrorCode READ_ONLY =
            ErrorCode.of(HttpStatus.FORBIDDEN, "read_only", "Only reading statements are allowed");
    public static final ErrorCode STATEMENT_TIMEOUT =
            ErrorCode.of(HttpStatus.GATEWAY_TIMEOUT, "statement_timeout", "Statement timed out");
    public static final ErrorCode TOO_BUSY =
            ErrorCode.of(HttpStatus.TOO_MANY_REQUESTS, "too_busy", "Too many concurrent statements");

    private QuerydError() {
    }
}
