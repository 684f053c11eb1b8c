package io.lakehouse.pathwayd.memory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stored forms: an {@link Operation} as one JSON object per journal entry, and a snapshot as NDJSON of
 * {@link HistoryEntry} in fold order. Its own mapper, so the on-store format never follows the web configuration.
 */
public final class Codec {
    private static final byte[] SNAPSHOT_HEADER = "{\"format\":\"pathwayd-history-v1\"}\n".getBytes(StandardCharsets.UTF_8);

    private final JsonMapper json = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public JsonMapper json() {
        return json;
    }

    public byte[] encode(Operation op) {
        return json.writeValueAsBytes(op);
    }

    public Operation decode(byte[] payload) {
        return json.readValue(payload, Operation.class);
    }

    /** Writes every history entry of {@code state} up to {@code seq}; returns how many. */
    public long writeSnapshot(MemoryState state, long seq, OutputStream out) throws IOException {
        out.write(SNAPSHOT_HEADER);
        long n = 0;
        for (HistoryEntry e : state.entriesUpTo(seq)) {
            out.write(json.writeValueAsBytes(e));
            out.write('\n');
            n++;
        }
        return n;
    }

    /** Reads what {@link #writeSnapshot} wrote, entry by entry. */
    public void readSnapshot(InputStream in, Consumer<HistoryEntry> consumer) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        String header = r.readLine();
        if (header == null || !header.equals(new String(SNAPSHOT_HEADER, StandardCharsets.UTF_8).strip())) {
            throw new IOException("not a pathwayd snapshot (header " + header + ")");
        }
        for (String line; (line = r.readLine()) != null; ) {
            if (!line.isEmpty()) {
                consumer.accept(json.readValue(line, HistoryEntry.class));
            }
        }
    }
}
