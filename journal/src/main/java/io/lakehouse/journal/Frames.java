package io.lakehouse.journal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The on-store framing of journal entries: an 8-byte magic per object, then per entry
 * {@code length(4) crc32c(4) seq(8) payload}, little-endian, the checksum covering seq and payload.
 */
public final class Frames {
    /** Largest payload accepted; anything bigger in a frame header means damage, not data. */
    public static final int MAX_PAYLOAD = 64 << 20;

    private Frames() {
    }

    public static byte[] magic(String magic) {
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        if (m.length != 8) {
            throw new IllegalArgumentException("magic must be 8 ASCII bytes: " + magic);
        }
        return m;
    }

    public static void expectMagic(InputStream in, String magic) throws IOException {
        byte[] got = in.readNBytes(8);
        if (got.length < 8) {
            throw new EOFException("missing " + magic + " header");
        }
        if (!new String(got, StandardCharsets.US_ASCII).equals(magic)) {
            throw new IOException("not a " + magic + " object (header " + new String(got, StandardCharsets.ISO_8859_1) + ")");
        }
    }

    public static void write(OutputStream out, long seq, byte[] payload) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(payload.length).putInt(checksum(seq, payload)).putLong(seq);
        out.write(h.array());
        out.write(payload);
    }

    /** Reads one entry; null at a clean end. Throws {@link TornFrameException} on a cut-short or damaged frame. */
    public static Entry read(InputStream in) throws IOException {
        byte[] h = new byte[16];
        int n = in.readNBytes(h, 0, 16);
        if (n == 0) {
            return null;
        }
        if (n < 16) {
            throw new TornFrameException("frame header cut short (" + n + " of 16 bytes)");
        }
        ByteBuffer hb = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        int len = hb.getInt();
        int expected = hb.getInt();
        long seq = hb.getLong();
        if (len < 0 || len > MAX_PAYLOAD) {
            throw new TornFrameException("frame length " + len + " out of range");
        }
        byte[] payload = in.readNBytes(len);
        if (payload.length < len) {
            throw new TornFrameException("frame cut short (" + payload.length + " of " + len + " bytes)");
        }
        if (checksum(seq, payload) != expected) {
            throw new TornFrameException("frame checksum mismatch at seq " + seq);
        }
        return new Entry(seq, payload);
    }

    private static int checksum(long seq, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(seq).array());
        crc.update(payload);
        return (int) crc.getValue();
    }

    /** A frame that was cut short or does not match its checksum. */
    public static final class TornFrameException extends IOException {
        public TornFrameException(String message) {
            super(message);
        }
    }
}
