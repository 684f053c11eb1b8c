package io.lakehouse.vectord.durability;

import io.lakehouse.vectord.index.ItemRecord;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binary encoding of log records, shared by log segments and snapshots. Little-endian, length-prefixed; metadata is
 * its JSON text. Payload: {@code op(1) seq(8) idLen(4) id [dim(4) floats metaLen(4) meta]} with op 1 = upsert,
 * 2 = delete and metaLen -1 for "no metadata". No Java serialization anywhere.
 */
final class RecordCodec {
    static final byte UPSERT = 1;
    static final byte DELETE = 2;
    /** A record larger than this is corruption, not data (a 4096-d vector plus 8 MB of metadata is far below). */
    static final int MAX_RECORD = 64 << 20;

    private final JsonMapper json;

    RecordCodec(JsonMapper json) {
        this.json = json;
    }

    byte[] encode(LogRecord record) {
        byte[] id = record.id().getBytes(StandardCharsets.UTF_8);
        if (record instanceof LogRecord.Upsert u) {
            ItemRecord item = u.item();
            byte[] meta = item.metadata() == null ? null : json.writeValueAsBytes(item.metadata());
            int size = 1 + 8 + 4 + id.length + 4 + 4 * item.vector().length + 4 + (meta == null ? 0 : meta.length);
            ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
            b.put(UPSERT).putLong(item.version()).putInt(id.length).put(id).putInt(item.vector().length);
            b.asFloatBuffer().put(item.vector());
            b.position(b.position() + 4 * item.vector().length);
            b.putInt(meta == null ? -1 : meta.length);
            if (meta != null) {
                b.put(meta);
            }
            return b.array();
        }
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4 + id.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(DELETE).putLong(record.seq()).putInt(id.length).put(id);
        return b.array();
    }

    LogRecord decode(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        byte op = b.get();
        long seq = b.getLong();
        int idLen = b.getInt();
        checkLength(idLen, b.remaining());
        String id = new String(payload, b.position(), idLen, StandardCharsets.UTF_8);
        b.position(b.position() + idLen);
        if (op == DELETE) {
            return new LogRecord.Delete(seq, id);
        }
        if (op != UPSERT) {
            throw new IllegalStateException("unknown record type " + op);
        }
        int dim = b.getInt();
        checkLength(4L * dim, b.remaining());
        float[] vector = new float[dim];
        b.asFloatBuffer().get(vector);
        b.position(b.position() + 4 * dim);
        int metaLen = b.getInt();
        JsonNode meta = null;
        if (metaLen >= 0) {
            checkLength(metaLen, b.remaining());
            meta = json.readTree(new String(payload, b.position(), metaLen, StandardCharsets.UTF_8));
        }
        return new LogRecord.Upsert(new ItemRecord(id, vector, meta, seq));
    }

    private static void checkLength(long len, int remaining) {
        if (len < 0 || len > remaining) {
            throw new IllegalStateException("bad length " + len + " with " + remaining + " bytes left");
        }
    }

    /** Writes {@code len(4) crc32c(4) payload}. */
    static void writeFramed(OutputStream out, byte[] payload) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer h = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(payload.length).putInt((int) crc.getValue());
        out.write(h.array());
        out.write(payload);
    }

    /**
     * Reads one framed payload; null at a clean end of stream. Throws {@link TornRecordException} when the frame is cut
     * short or its checksum does not match.
     */
    static byte[] readFramed(InputStream in) throws IOException {
        byte[] h = new byte[8];
        int n = in.readNBytes(h, 0, 8);
        if (n == 0) {
            return null;
        }
        if (n < 8) {
            throw new TornRecordException("record header cut short (" + n + " of 8 bytes)");
        }
        ByteBuffer hb = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        int len = hb.getInt();
        int expected = hb.getInt();
        if (len < 0 || len > MAX_RECORD) {
            throw new TornRecordException("record length " + len + " out of range");
        }
        byte[] payload = in.readNBytes(len);
        if (payload.length < len) {
            throw new TornRecordException("record cut short (" + payload.length + " of " + len + " bytes)");
        }
        CRC32C crc = new CRC32C();
        crc.update(payload);
        if ((int) crc.getValue() != expected) {
            throw new TornRecordException("record checksum mismatch");
        }
        return payload;
    }

    static byte[] header(String magic) {
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        assert m.length == 8 : "magic must be 8 bytes: " + magic;
        return m;
    }

    static void expectHeader(InputStream in, String magic) throws IOException {
        byte[] got = in.readNBytes(8);
        if (got.length < 8) {
            throw new EOFException("missing " + magic + " header");
        }
        if (!new String(got, StandardCharsets.US_ASCII).equals(magic)) {
            throw new IOException("not a " + magic + " object (header " + new String(got, StandardCharsets.ISO_8859_1) + ")");
        }
    }

    static ByteArrayOutputStream buffer(int size) {
        return new ByteArrayOutputStream(size);
    }

    /** A log record that was cut short or does not match its checksum. */
    static final class TornRecordException extends IOException {
        TornRecordException(String message) {
            super(message);
        }
    }
}
