package io.lakehouse.pathwayd.memory;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One event in a memory's history: operation {@code op} (journal entry {@code seq}) changed memory
 * {@code memoryId} from {@code before} to {@code after}; {@code index} is the change's place within its operation.
 * Held for every version ever made, so the event id ({@code <seq>-<index>}) is made when asked for, not kept (~50
 * bytes per entry); {@link Wire} is the form with it, which HISTORY answers and snapshot format v1 carry.
 */
public record HistoryEntry(long seq, int index, OpType op, String at, String memoryId, long version,
                           Memory before, Memory after, String reason, String successorId) {

    /** Journal order: by seq, then by the change's place in its operation. */
    public static final java.util.Comparator<HistoryEntry> ORDER = java.util.Comparator
            .comparingLong(HistoryEntry::seq).thenComparingInt(HistoryEntry::index);

    public static HistoryEntry of(long seq, int index, Operation op, Change c) {
        String successor = c.after().supersededBy() != null && (c.before() == null || c.before().supersededBy() == null)
                ? c.after().supersededBy() : null;
        return new HistoryEntry(seq, index, op.op(), op.at(), c.memoryId(), c.after().version(),
                c.before(), c.after(), op.reason(), successor);
    }

    public static String eventId(long seq, int index) {
        return seq + "-" + index;
    }

    /** {@code <seq>-<index>}: unique across the journal. */
    public String eventId() {
        return eventId(seq, index);
    }

    /** This entry with its event id, as answered and as snapshot format v1 holds it. */
    public Wire wire() {
        return new Wire(seq, eventId(), op, at, memoryId, version, before, after, reason, successorId);
    }

    /** A history entry on the wire (HISTORY answers, snapshot format v1): the members in this order. */
    @Schema(name = "HistoryEntry")
    public record Wire(long seq, String eventId, OpType op, String at, String memoryId, long version,
                       Memory before, Memory after, String reason, String successorId) {

        /** The entry this wire form stands for; the index is the event id's part after the dash. */
        public HistoryEntry entry() {
            return new HistoryEntry(seq, Integer.parseInt(eventId.substring(eventId.indexOf('-') + 1)), op, at,
                    memoryId, version, before, after, reason, successorId);
        }
    }
}
