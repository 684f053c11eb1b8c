package io.lakehouse.store;

/** A key or prefix was rejected before any I/O. */
public final class InvalidKeyException extends IllegalArgumentException {
    private final String reason;

    public InvalidKeyException(String key, String reason) {
        super("invalid object key " + quote(key) + ": " + reason);
        this.reason = reason;
    }

    /** Why the key was rejected, without the key itself. */
    public String reason() {
        return reason;
    }

    private static String quote(String key) {
        if (key == null) {
            return "null";
        }
        String shown = key.length() > 80 ? key.substring(0, 80) + "..." : key;
        return '"' + shown.replaceAll("\\p{Cntrl}", "?") + '"';
    }
}
