package io.lakehouse.shared.web;

import java.util.Map;
import java.util.Objects;

/** A failure with a known {@link ErrorCode}; answered as problem details with the given detail and extra members. */
public class ApiException extends RuntimeException {
    private final ErrorCode error;
    private final transient Map<String, Object> properties;

    public ApiException(ErrorCode error, String detail) {
        this(error, detail, Map.of());
    }

    public ApiException(ErrorCode error, String detail, Map<String, Object> properties) {
        super(detail);
        this.error = Objects.requireNonNull(error, "error is null");
        this.properties = Map.copyOf(properties);
    }

    public ErrorCode error() {
        return error;
    }

    /** Extra problem-details members (snake_case), e.g. {@code dataset}. */
    public Map<String, Object> properties() {
        return properties;
    }

    public static ApiException notFound(String detail) {
        return new ApiException(CommonError.NOT_FOUND, detail);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(CommonError.INVALID_ARGUMENT, detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(CommonError.CONFLICT, detail);
    }
}
