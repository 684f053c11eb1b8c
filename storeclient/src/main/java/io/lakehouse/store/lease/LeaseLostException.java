package io.lakehouse.store.lease;

/** A lease this process held is no longer its own: stop writing. */
public final class LeaseLostException extends IllegalStateException {
    LeaseLostException(String message) {
        super(message);
    }
}
