package io.lakehouse.pathwayd.memory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.SerializableString;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stored forms: an {@link Operation} as one JSON object per journal entry, and a snapshot as NDJSON of
 * {@link HistoryEntry} in fold order (after a header line naming the format). Its own mapper, so the on-store format
 * never follows the web configuration.
 */
public final class Codec {
    private static final String FORMAT_V1 = "pathwayd-history-v1";
    /** v2: members written directly, {@code before} left out when it is the memory's previous {@code after}. */
    private static final String FORMAT_V2 = "pathwayd-history-v2";
    private static final byte[] SNAPSHOT_HEADER_V1 = ("{\"format\":\"" + FORMAT_V1 + "\"}\n")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] SNAPSHOT_HEADER_V2 = ("{\"format\":\"" + FORMAT_V2 + "\"}\n")
            .getBytes(StandardCharsets.UTF_8);

    private final JsonMapper json = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    /** Snapshot lines: one generator for all entries, a newline between them, the target stream left open. */
    private final ObjectWriter lines = json.writer().withRootValueSeparator("\n")
            .without(StreamWriteFeature.AUTO_CLOSE_TARGET);

    public JsonMapper json() {
        return json;
    }

    public byte[] encode(Operation op) {
        return json.writeValueAsBytes(op);
    }

    /**
     * A memory as JSON: what an answer carries, and what {@link #encode(Operation, byte[])} takes. Written member by
     * member: the same bytes as the mapper's bean serialization of the record (checked in {@code SnapshotFormatTest}),
     * which was ~8 % of the request threads' CPU at 32 clients.
     */
    public byte[] memory(Memory m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 2 * m.content().length());
        try (JsonGenerator g = json.createGenerator(out)) {
            writeMemory(g, m);
        }
        return out.toByteArray();
    }

    /** Writes a memory as {@link #memory} does (every member, nulls included), or JSON null for none. */
    public static void writeMemory(JsonGenerator g, Memory m) {
        if (m == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringProperty("id", m.id());
        g.writeStringProperty("kind", m.kind().wire());
        g.writeStringProperty("content", m.content());
        g.writeName("steps");
        if (m.steps() == null) {
            g.writeNull();
        } else {
            g.writeTree(m.steps());
        }
        Scope s = m.scope();
        g.writeName("scope");
        g.writeStartObject();
        g.writeStringProperty("user_id", s.userId());
        g.writeStringProperty("agent_id", s.agentId());
        g.writeStringProperty("run_id", s.runId());
        g.writeEndObject();
        g.writeName("metadata");
        g.writeTree(m.metadata());
        g.writeStringProperty("state", m.state().wire());
        g.writeNumberProperty("version", m.version());
        g.writeName("supersedes");
        g.writeStartArray();
        for (String id : m.supersedes()) {
            g.writeString(id);
        }
        g.writeEndArray();
        g.writeStringProperty("superseded_by", m.supersededBy());
        g.writeStringProperty("playbook", m.playbook());
        g.writeStringProperty("created_at", m.createdAt());
        g.writeStringProperty("updated_at", m.updatedAt());
        g.writeEndObject();
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
                g.writeName("before");
                writeMemory(g, c.before());
                g.writeName("after");
                if (i == 0) {
                    g.writeRawValue(new RawJson(primaryAfter));
                } else {
                    writeMemory(g, c.after());
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

    /**
     * Writes every history entry of {@code state} up to {@code seq} (format v2); returns how many.
     *
     * <p>Each entry is written field by field with one generator (Jackson's bean serialization of the same records
     * was ~16 us per entry, the snapshot writer ~44 us of CPU per ADD). An entry's {@code before} is left out when it
     * is the previous {@code after} of the same memory in the snapshot (null for its first entry), which is every
     * entry the state machine makes: that halves what is written and read. Members that are null or empty are
     * left out too; reading restores them ({@link Memory}'s constructor normalizes absent steps, scope, metadata).
     */
    public long writeSnapshot(MemoryState state, long seq, OutputStream out) throws IOException {
        return writeSnapshot(state, seq, out, SnapshotPacer.UNPACED);
    }

    /** As {@link #writeSnapshot(MemoryState, long, OutputStream)}, at the pace {@code pacer} keeps. */
    long writeSnapshot(MemoryState state, long seq, OutputStream out, SnapshotPacer pacer) throws IOException {
        out.write(SNAPSHOT_HEADER_V2);
        long[] n = {0};
        // one line per entry (the writer's root value separator), the target left open
        try (JsonGenerator g = lines.createGenerator(out)) {
            state.forEachUpTo(seq, (e, previous) -> {
                g.writeStartObject();
                g.writeNumberProperty("seq", e.seq());
                g.writeStringProperty("event_id", e.eventId());
                g.writeStringProperty("op", e.op().name());
                g.writeStringProperty("at", e.at());
                g.writeStringProperty("memory_id", e.memoryId());
                g.writeNumberProperty("version", e.version());
                if (!java.util.Objects.equals(e.before(), previous)) {
                    g.writeName("before");
                    writeCompactMemory(g, e.before());
                }
                g.writeName("after");
                writeCompactMemory(g, e.after());
                if (e.reason() != null) {
                    g.writeStringProperty("reason", e.reason());
                }
                if (e.successorId() != null) {
                    g.writeStringProperty("successor_id", e.successorId());
                }
                g.writeEndObject();
                n[0]++;
            }, pacer);
            g.flush();
            if (n[0] > 0) {
                out.write('\n');
            }
        }
        return n[0];
    }

    /** A memory's members in record order, null and empty ones left out; JSON null for no memory. */
    private static void writeCompactMemory(JsonGenerator g, Memory m) {
        if (m == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringProperty("id", m.id());
        g.writeStringProperty("kind", m.kind().wire());
        g.writeStringProperty("content", m.content());
        if (m.steps() != null) {
            g.writeName("steps");
            g.writeTree(m.steps());
        }
        Scope s = m.scope();
        if (!s.unscoped()) {
            g.writeName("scope");
            g.writeStartObject();
            if (s.userId() != null) {
                g.writeStringProperty("user_id", s.userId());
            }
            if (s.agentId() != null) {
                g.writeStringProperty("agent_id", s.agentId());
            }
            if (s.runId() != null) {
                g.writeStringProperty("run_id", s.runId());
            }
            g.writeEndObject();
        }
        if (!m.metadata().isEmpty()) {
            g.writeName("metadata");
            g.writeTree(m.metadata());
        }
        g.writeStringProperty("state", m.state().wire());
        g.writeNumberProperty("version", m.version());
        if (!m.supersedes().isEmpty()) {
            g.writeName("supersedes");
            g.writeStartArray();
            for (String id : m.supersedes()) {
                g.writeString(id);
            }
            g.writeEndArray();
        }
        if (m.supersededBy() != null) {
            g.writeStringProperty("superseded_by", m.supersededBy());
        }
        if (m.playbook() != null) {
            g.writeStringProperty("playbook", m.playbook());
        }
        if (m.createdAt() != null) {
            g.writeStringProperty("created_at", m.createdAt());
        }
        if (m.updatedAt() != null) {
            g.writeStringProperty("updated_at", m.updatedAt());
        }
        g.writeEndObject();
    }

    /** Writes a snapshot in the first format (every member of every entry, by bean serialization): tests only. */
    long writeSnapshotV1(MemoryState state, long seq, OutputStream out) throws IOException {
        out.write(SNAPSHOT_HEADER_V1);
        long n = 0;
        try (SequenceWriter w = lines.writeValues(out)) {
            for (HistoryEntry e : state.entriesUpTo(seq)) {
                w.write(e.wire());
                n++;
            }
            w.flush();
            if (n > 0) {
                out.write('\n');
            }
        }
        return n;
    }

    /** Reads what {@link #writeSnapshot} wrote (or the first format), entry by entry, with one parser. */
    public void readSnapshot(InputStream in, Consumer<HistoryEntry> consumer) throws IOException {
        try (JsonParser p = json.createParser(in)) {
            String format = null;
            if (p.nextToken() == JsonToken.START_OBJECT && p.nextToken() == JsonToken.PROPERTY_NAME
                    && "format".equals(p.currentName()) && p.nextToken() == JsonToken.VALUE_STRING) {
                format = p.getString();
                if (p.nextToken() != JsonToken.END_OBJECT) {
                    format = null;
                }
            }
            if (FORMAT_V1.equals(format)) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    consumer.accept(p.readValueAs(HistoryEntry.Wire.class).entry());
                }
            } else if (FORMAT_V2.equals(format)) {
                Map<String, Memory> last = new HashMap<>();
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    HistoryEntry e = readEntry(p, last);
                    last.put(e.memoryId(), e.after());
                    consumer.accept(e);
                }
            } else {
                throw new IOException("not a pathwayd snapshot (format " + format + ")");
            }
            if (p.currentToken() != null) {
                throw new IOException("pathwayd snapshot: unexpected " + p.currentToken() + " between entries");
            }
        }
    }

    /** One v2 entry, the parser on its START_OBJECT; an absent {@code before} is the memory's previous {@code after}. */
    private static HistoryEntry readEntry(JsonParser p, Map<String, Memory> last) throws IOException {
        long seq = 0;
        long version = 0;
        String eventId = null;
        OpType op = null;
        String at = null;
        String memoryId = null;
        String reason = null;
        String successorId = null;
        Memory before = null;
        Memory after = null;
        boolean beforeGiven = false;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "seq" -> seq = p.getLongValue();
                case "event_id" -> eventId = p.getString();
                case "op" -> op = OpType.valueOf(p.getString());
                case "at" -> at = p.getString();
                case "memory_id" -> memoryId = p.getString();
                case "version" -> version = p.getLongValue();
                case "before" -> {
                    beforeGiven = true;
                    before = t == JsonToken.VALUE_NULL ? null : p.readValueAs(Memory.class);
                }
                case "after" -> after = p.readValueAs(Memory.class);
                case "reason" -> reason = t == JsonToken.VALUE_NULL ? null : p.getString();
                case "successor_id" -> successorId = t == JsonToken.VALUE_NULL ? null : p.getString();
                default -> p.skipChildren();
            }
        }
        if (memoryId == null || after == null || op == null || eventId == null) {
            throw new IOException("pathwayd snapshot: incomplete entry at seq " + seq);
        }
        int index = Integer.parseInt(eventId.substring(eventId.indexOf('-') + 1));
        return new HistoryEntry(seq, index, op, at, memoryId, version, beforeGiven ? before : last.get(memoryId),
                after, reason, successorId);
    }
}
