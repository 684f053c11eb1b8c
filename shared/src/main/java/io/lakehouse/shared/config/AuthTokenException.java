package io.lakehouse.shared.config;

/** The configured token file cannot be used. */
public final class AuthTokenException extends RuntimeException {
    public AuthTokenException(String message) {
        super(message);
    }
}
