package io.lakehouse.store;

import java.io.IOException;

/** An appendable object is held by another handle (in this process or another one): someone else is writing it. */
public final class ObjectBusyException extends IOException {
    public ObjectBusyException(String message) {
        super(message);
    }
}
