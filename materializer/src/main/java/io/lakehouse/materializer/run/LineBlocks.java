package io.lakehouse.materializer.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a stream of NDJSON bytes into blocks of whole lines (about {@code size} bytes each, more when one line is
 * longer), so that blocks can be checked in parallel and written back in order without decoding anything here.
 * Line terminators are those of {@link java.io.BufferedReader#readLine}: {@code \n}, {@code \r\n} and a lone
 * {@code \r}; a block never ends between the {@code \r} and {@code \n} of one terminator.
 */
final class LineBlocks {
    private final InputStream in;
    private final int size;
    private byte[] carry = new byte[0];
    private int carryLength;
    private boolean eof;

    LineBlocks(InputStream in, int size) {
        this.in = in;
        this.size = size;
    }

    /** A block: {@code bytes[0, length)} holds whole lines (the last one may lack its terminator at the end). */
    record Block(byte[] bytes, int length) {
    }

    /** The next block, or null at the end of the stream. */
    Block next() throws IOException {
        if (eof && carryLength == 0) {
            return null;
        }
        byte[] buf = new byte[Math.max(size, carryLength * 2)];
        System.arraycopy(carry, 0, buf, 0, carryLength);
        int length = carryLength;
        int scanned = 0;
        while (true) {
            if (!eof) {
                while (length < buf.length) {
                    int n = in.read(buf, length, buf.length - length);
                    if (n < 0) {
                        eof = true;
                        break;
                    }
                    length += n;
                }
            }
            int cut = cut(buf, scanned, length);
            if (cut > 0 || eof) {
                int end = cut > 0 ? cut : length;
                carryLength = length - end;
                if (carry.length < carryLength) {
                    carry = new byte[Math.max(carryLength, size)];
                }
                System.arraycopy(buf, end, carry, 0, carryLength);
                return end == 0 ? null : new Block(buf, end);
            }
            // One line longer than the buffer: grow it and read on.
            scanned = length;
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
    }

    /**
     * The offset just after the last complete terminator in {@code buf[0, length)}, or 0 when there is none; a
     * {@code \r} as the very last byte does not count (a {@code \n} may follow), unless the stream has ended.
     */
    private int cut(byte[] buf, int from, int length) {
        for (int i = length - 1; i >= from; i--) {
            byte b = buf[i];
            if (b == '\n') {
                return i + 1;
            }
            if (b == '\r' && (i < length - 1 || eof)) {
                return i + 1;
            }
        }
        return 0;
    }
}
