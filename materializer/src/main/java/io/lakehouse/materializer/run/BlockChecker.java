package io.lakehouse.materializer.run;

import io.lakehouse.validation.Contract;
import io.lakehouse.validation.FastValidator;
import io.lakehouse.validation.ValidationEngine;
import io.lakehouse.validation.ValidationError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Validates the lines of one {@link LineBlocks.Block} and returns the valid ones as NDJSON bytes and the rejects.
 *
 * <p>Each line first goes through the contract's {@link FastValidator} on its raw bytes; a line it accepts is passed
 * through byte for byte (when every line of a block is, the block itself is the output: no copy). Any other line
 * takes the engine's path (decode, parse, validate), which alone decides a reject and its errors, exactly as for
 * validatord. Blank lines are skipped but counted as lines, like {@code BufferedReader.readLine} would see them.
 */
final class BlockChecker {
    private final ValidationEngine engine;
    private final Contract contract;
    private final FastValidator fast;

    /** @param fast the contract's fast path, or null when it has none */
    BlockChecker(ValidationEngine engine, Contract contract, FastValidator fast) {
        this.engine = engine;
        this.contract = contract;
        this.fast = fast;
    }

    /** A rejected line: its number within the block (0-based), errors, and the record when it parsed. */
    record Reject(int line, String text, JsonNode record, List<ValidationError> errors) {
    }

    /**
     * The outcome of a block: {@code valid[0, validLength)} holds the valid records, one per line; {@code lines}
     * counts every line (blank ones too) for numbering the next block; {@code passedThrough} when {@code valid} is
     * the block's own bytes, unchanged.
     */
    record Checked(byte[] valid, int validLength, int lines, int records, List<Reject> rejects,
                   boolean passedThrough) {
    }

    Checked check(byte[] b, int length) {
        byte[] out = null; // allocated at the first line that is not passed through as is
        int outLength = 0;
        int lines = 0;
        int records = 0;
        List<Reject> rejects = List.of();
        int start = 0;
        while (start < length) {
            int end = start;
            while (end < length && b[end] != '\n' && b[end] != '\r') {
                end++;
            }
            int next = end;
            boolean plainTerminator = end < length && b[end] == '\n';
            if (end < length) {
                next = b[end] == '\r' && end + 1 < length && b[end + 1] == '\n' ? end + 2 : end + 1;
            }
            int lineNo = lines++;
            if (fast != null && fast.accepts(b, start, end)) {
                records++;
                if (out != null) {
                    out = room(out, outLength, end - start + 1);
                    System.arraycopy(b, start, out, outLength, end - start);
                    outLength += end - start;
                    out[outLength++] = '\n';
                } else if (!plainTerminator) {
                    // The output must end each line with \n: from here on, copy.
                    out = new byte[length + 1];
                    System.arraycopy(b, 0, out, 0, end);
                    outLength = end;
                    out[outLength++] = '\n';
                }
            } else {
                if (out == null) {
                    out = new byte[length + 1];
                    System.arraycopy(b, 0, out, 0, start);
                    outLength = start;
                }
                String line = new String(b, start, end - start, StandardCharsets.UTF_8);
                if (!line.isBlank()) {
                    records++;
                    Reject r = slow(line, lineNo);
                    if (r == null) {
                        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                        // Re-encoding replaces malformed bytes (one byte becomes three): the line may have grown.
                        out = room(out, outLength, bytes.length + 1);
                        System.arraycopy(bytes, 0, out, outLength, bytes.length);
                        outLength += bytes.length;
                        out[outLength++] = '\n';
                    } else {
                        if (rejects.isEmpty()) {
                            rejects = new ArrayList<>();
                        }
                        rejects.add(r);
                    }
                }
            }
            start = next;
        }
        if (out == null) {
            return new Checked(b, length, lines, records, rejects, true);
        }
        return new Checked(out, outLength, lines, records, rejects, false);
    }

    private static byte[] room(byte[] out, int used, int more) {
        return used + more <= out.length ? out : java.util.Arrays.copyOf(out, Math.max(out.length * 2, used + more));
    }

    /** The engine's verdict on one line: null when valid. */
    private Reject slow(String line, int lineNo) {
        JsonNode record = null;
        List<ValidationError> errors;
        try {
            record = engine.json().readTree(line);
            errors = engine.validate(contract, record);
        } catch (JacksonException e) {
            errors = List.of(new ValidationError.Malformed("line is not valid JSON: "
                    + firstLine(e.getOriginalMessage())));
        }
        return errors.isEmpty() ? null : new Reject(lineNo, line, record, errors);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
