package io.lakehouse.shared.web;

import org.springframework.http.HttpStatus;

/** A stable error: the HTTP status, the snake_case {@code code} clients match on, and a title a person reads. */
public interface ErrorCode {
    HttpStatus status();

    String code();

    String title();
}
