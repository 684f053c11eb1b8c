package io.lakehouse.journal;

import io.lakehouse.store.ObjectKey;
import io.lakehouse.store.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A persisted position in a journal for a consumer that follows it (an exporter, an index feeder): the last sequence
 * number the consumer has fully handled. Stored as {@code journal/<name>/cursors/<cursor>}; a consumer that restarts
 * resumes after it, so its effects must be idempotent for the entries between its last save and a crash.
 */
public final class JournalCursor {
    private final ObjectStore store;
    private final ObjectKey key;

    public JournalCursor(ObjectStore store, String journal, String cursor) {
        this.store = store;
        this.key = ObjectKey.of("journal", journal, "cursors", cursor);
    }

    /** The saved position, 0 when the consumer never saved one. */
    public long load() throws IOException {
        return store.getBytes(key).map(b -> Long.parseLong(new String(b, StandardCharsets.US_ASCII).trim())).orElse(0L);
    }

    public void save(long seq) throws IOException {
        store.put(key, (seq + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
