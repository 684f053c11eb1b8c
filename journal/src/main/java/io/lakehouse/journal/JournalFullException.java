package io.lakehouse.journal;

/** The append queue is full: the caller should answer 429 and let the client retry. */
public final class JournalFullException extends RuntimeException {
    public JournalFullException(String journal) {
        super("journal " + journal + " is full; retry shortly");
    }
}
