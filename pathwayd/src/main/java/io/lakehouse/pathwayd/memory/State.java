package io.lakehouse.pathwayd.memory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The life of a memory: only {@code active} changes; {@code superseded} and {@code retired} are terminal. */
public enum State {
    ACTIVE, SUPERSEDED, RETIRED;

    private static final State[] ALL = values();
    /** Once per constant: {@code toLowerCase} per call was ~3 % of the snapshot thread's CPU. */
    private final String wire = name().toLowerCase(java.util.Locale.ROOT);

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static State parse(String s) {
        for (State k : ALL) {
            if (k.wire().equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown state " + s);
    }
}
