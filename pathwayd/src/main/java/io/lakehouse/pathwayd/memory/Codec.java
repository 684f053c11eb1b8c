package io.lakehouse.pathwayd.memory;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SequenceWriter;
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
    /** Snapshot lines: one generator for all entries, the target stream left open. */
    private final ObjectWriter lines = json.writer().withRootValueSeparator("\n")
            .without(StreamWriteFeature.AUTO_CLOSE_TARGET);

    public JsonMapper json() {
        return json;
    }

    public byte[] encode(Operation op) {
        return json.writeValueAsBytes(op);
    }

    /** A memory as JSON: what an answer carries, and what {@link #encode(Operation, byte[])} takes. */
    public byte[] memory(Memory m) {
        return json.writeValueAsBytes(m);
    }

    /**
     * The same bytes as {@link #encode(Operation)}, with the first change's {@code after} given as its JSON (from
     * {@link #memory}) instead of serialized again: a write serializes the memory it answers with once, for both.
     */
    public byte[] encode(Operation op, byte[] primaryAfter) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(primaryAfter.length + 256);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("op", op.op().name());
            g.writeStringProperty("at", op.at());
            g.writeStringProperty("reason", op.reason());
            g.writeStringProperty("successor_id", op.successorId());
            g.writeName("changes");
            g.writeStartArray();
            for (int i = 0; i < op.changes().size(); i++) {
                Change c = op.changes().get(i);
                g.writeStartObject();
                g.writeStringProperty("memory_id", c.memoryId());
                g.writePOJOProperty("before", c.before());
                g.writeName("after");
                if (i == 0) {
                    g.writeRawValue(new RawJson(primaryAfter));
                } else {
                    g.writePOJO(c.after());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** JSON bytes written as they are (the generator asks only for the unquoted UTF-8 forms of a raw value). */
    private record RawJson(byte[] utf8) implements SerializableString {
        @Override
        public String getValue() {
            return new String(utf8, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public char[] asQuotedChars() {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return utf8;
        }

        @Override
        public byte[] asQuotedUTF8() {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + utf8.length > buffer.length) {
                return -1;
            }
            System.arraycopy(utf8, 0, buffer, offset, utf8.length);
            return utf8.length;
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            String s = getValue();
            if (offset + s.length() > buffer.length) {
                return -1;
            }
            s.getChars(0, s.length(), buffer, offset);
            return s.length();
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(utf8);
            return utf8.length;
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) {
            throw new UnsupportedOperationException("raw JSON is never quoted");
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (buffer.remaining() < utf8.length) {
                return -1;
            }
            buffer.put(utf8);
            return utf8.length;
        }
    }

    public Operation decode(byte[] payload) {
        return json.readValue(payload, Operation.class);
    }

    /** Writes every history entry of {@code state} up to {@code seq}; returns how many. */
    public long writeSnapshot(MemoryState state, long seq, OutputStream out) throws IOException {
        out.write(SNAPSHOT_HEADER);
        long n = 0;
        // One generator for all entries (a writeValueAsBytes per entry set one up each time): the same lines.
        try (SequenceWriter w = lines.writeValues(out)) {
            for (HistoryEntry e : state.entriesUpTo(seq)) {
                w.write(e);
                n++;
            }
            w.flush();
            if (n > 0) {
                out.write('\n');
            }
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
