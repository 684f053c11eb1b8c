package io.lakehouse.vectord.embed;

/** The embedder could not produce vectors; {@code timeout} says whether it was because it did not answer in time. */
public final class EmbedderException extends RuntimeException {
    private final boolean timeout;
    private final boolean badInput;

    public EmbedderException(String message, boolean timeout, boolean badInput) {
        super(message);
        this.timeout = timeout;
        this.badInput = badInput;
    }

    public boolean timeout() {
        return timeout;
    }

    /** The text itself cannot be embedded (e.g. no tokens): the caller's fault, a 400. */
    public boolean badInput() {
        return badInput;
    }
}
