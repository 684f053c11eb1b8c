package io.lakehouse.shared.web;

/** A request body went past the configured limit while it was read. */
public final class PayloadTooLargeException extends RuntimeException {
    private final long limitBytes;

    public PayloadTooLargeException(long limitBytes) {
        super("request body is larger than the limit of " + limitBytes + " bytes");
        this.limitBytes = limitBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }

    /** The too-large failure somewhere in {@code t}'s cause chain (message converters wrap it), or null. */
    public static PayloadTooLargeException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PayloadTooLargeException p) {
                return p;
            }
        }
        return null;
    }
}
