package io.lakehouse.pathwayd.memory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The life of a memory: only {@code active} changes; {@code superseded} and {@code retired} are terminal. */
public enum State {
    ACTIVE, SUPERSEDED, RETIRED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static State parse(String s) {
        for (State k : values()) {
            if (k.wire().equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown state " + s);
    }
}
