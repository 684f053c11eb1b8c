package io.lakehouse.journal;

/** The journal is closing or has failed (a write could not be made durable): appends are refused until restart. */
public final class JournalUnavailableException extends RuntimeException {
    public JournalUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
