package io.lakehouse.shared.web;

import java.util.Objects;
import org.springframework.http.HttpStatus;

/** A stable error: the HTTP status, the snake_case {@code code} clients match on, and a title a person reads. */
public interface ErrorCode {
    HttpStatus status();

    String code();

    String title();

    /** A daemon's own error; daemons declare theirs as constants of a holder class such as {@code VectordError}. */
    static ErrorCode of(HttpStatus status, String code, String title) {
        return new Defined(status, code, title);
    }

    /** The plain carrier behind {@link #of}. */
    record Defined(HttpStatus status, String code, String title) implements ErrorCode {
        public Defined {
            Objects.requireNonNull(status, "status");
            if (code == null || !code.matches("[a-z][a-z0-9_]*")) {
                throw new IllegalArgumentException("error code must be snake_case: " + code);
            }
            Objects.requireNonNull(title, "title");
        }
    }
}
