package io.lakehouse.pathwayd.memory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a memory holds: a fact about someone, a procedure (steps that solved a task), or an episode (an outcome). */
public enum Kind {
    FACT, PROCEDURE, EPISODE;

    private static final Kind[] ALL = values();
    /** Once per constant: {@code toLowerCase} per call was ~3 % of the snapshot thread's CPU. */
    private final String wire = name().toLowerCase(java.util.Locale.ROOT);

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The kind named on the wire, or null when the name is unknown. */
    @JsonCreator
    public static Kind parse(String s) {
        for (Kind k : ALL) {
            if (k.wire().equals(s)) {
                return k;
            }
        }
        return null;
    }
}
