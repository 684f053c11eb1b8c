package io.lakehouse.observerd.stats;

import java.time.Duration;
import java.util.Optional;

/**
 * A sliding window of the live stats: its length, and the slot granularity it advances by. The window covers the
 * current (partial) slot plus the {@code slots} before it, so it spans between {@code length} and
 * {@code length + slot} of time.
 */
public enum Window {
    ONE_MINUTE("1m", Duration.ofMinutes(1), Duration.ofSeconds(5)),
    FIVE_MINUTES("5m", Duration.ofMinutes(5), Duration.ofSeconds(30)),
    ONE_HOUR("1h", Duration.ofHours(1), Duration.ofMinutes(5));

    private final String label;
    private final Duration length;
    private final Duration slot;

    Window(String label, Duration length, Duration slot) {
        this.label = label;
        this.length = length;
        this.slot = slot;
    }

    public String label() {
        return label;
    }

    public Duration length() {
        return length;
    }

    public long slotMillis() {
        return slot.toMillis();
    }

    /** Slots that make up the window besides the current one. */
    public int slots() {
        return (int) (length.toMillis() / slot.toMillis());
    }

    public static Optional<Window> of(String label) {
        for (Window w : values()) {
            if (w.label.equals(label)) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }
}
