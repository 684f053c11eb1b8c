package io.lakehouse.materializer.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the valid lines of a raw object go, in input order, for DuckDB to read: a local NDJSON file, or nothing at
 * all when the raw object is itself a local file (local backend) and every block so far passed through unchanged,
 * which is the normal case of an object without rejects. At the first block that differs, the prefix passed through
 * so far is copied from the raw file and the sink writes from then on.
 */
final class ValidSink implements AutoCloseable {
    private final Path valid;
    private final Path rawFile;
    private long passedThrough;
    private OutputStream out;

    /** @param rawFile the raw object's own file, or null when it is not a local file */
    ValidSink(Path valid, Path rawFile) {
        this.valid = valid;
        this.rawFile = rawFile;
    }

    void write(BlockChecker.Checked block) throws IOException {
        if (out == null && rawFile != null && block.passedThrough()) {
            passedThrough += block.validLength();
            return;
        }
        if (out == null) {
            out = Files.newOutputStream(valid);
            if (passedThrough > 0) {
                try (InputStream in = Files.newInputStream(rawFile)) {
                    long copied = in.transferTo(new BoundedOut(out, passedThrough));
                    if (copied < passedThrough) {
                        throw new IOException("raw file " + rawFile + " shrank while it was being read");
                    }
                }
            }
        }
        out.write(block.valid(), 0, block.validLength());
    }

    /** The file holding every valid line: the raw file itself when nothing had to be rewritten. */
    Path file() {
        return out == null && rawFile != null ? rawFile : valid;
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        } else if (rawFile == null) {
            Files.createFile(valid);
        }
    }

    /** Passes the first {@code limit} bytes written to it on, and drops the rest. */
    private static final class BoundedOut extends OutputStream {
        private final OutputStream out;
        private long left;

        BoundedOut(OutputStream out, long limit) {
            this.out = out;
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            if (left > 0) {
                out.write(b);
                left--;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int n = (int) Math.min(len, left);
            if (n > 0) {
                out.write(b, off, n);
                left -= n;
            }
        }
    }
}
