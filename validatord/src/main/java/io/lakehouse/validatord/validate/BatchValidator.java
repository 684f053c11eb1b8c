package io.lakehouse.validatord.validate;

import io.lakehouse.validation.Contract;
import io.lakehouse.validation.ValidationEngine;
import io.lakehouse.validation.ValidationError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * NDJSON batch validation: one record per line, blank lines skipped, invalid lines listed 1-based (at most
 * {@code maxResults}), a line that is not JSON reported as {@code Malformed} for that line alone.
 *
 * <p>Large batches are cut into contiguous slices (one per core) validated in parallel, the first on the request
 * thread and the others on the common pool; slices keep their own
 * counts and their first {@code maxResults} failures, and are merged in order, so the answer is the same as a
 * sequential pass.
 */
final class BatchValidator {
    /** Below this many bytes a batch is validated on the request thread. */
    private static final int PARALLEL_THRESHOLD = 256 * 1024;

    private final ValidationEngine engine;
    private final JsonMapper json;
    private final int maxResults;
    private final int maxDepth;
    private final int maxString;

    BatchValidator(ValidationEngine engine, int maxResults, int maxDepth, int maxString) {
        this.engine = engine;
        this.json = engine.json();
        this.maxResults = maxResults;
        this.maxDepth = maxDepth;
        this.maxString = maxString;
    }

    ValidateBodies.Batch validate(Contract contract, byte[] body) {
        // The request thread takes the first slice, the common pool the others: on 2 cores the pool has one worker.
        int slices = body.length < PARALLEL_THRESHOLD ? 1 : Math.max(1, Runtime.getRuntime().availableProcessors());
        int[] starts = sliceStarts(body, slices);
        Slice[] done = new Slice[starts.length - 1];
        if (done.length == 1) {
            done[0] = run(contract, body, starts[0], starts[1], 1);
        } else {
            int[] firstLines = firstLines(body, starts);
            List<ForkJoinTask<Slice>> tasks = new ArrayList<>(done.length);
            tasks.add(null);
            for (int i = 1; i < done.length; i++) {
                int from = starts[i];
                int to = starts[i + 1];
                int line = firstLines[i];
                tasks.add(ForkJoinPool.commonPool().submit(() -> run(contract, body, from, to, line)));
            }
            done[0] = run(contract, body, starts[0], starts[1], firstLines[0]);
            for (int i = 1; i < done.length; i++) {
                done[i] = tasks.get(i).join();
            }
        }
        long total = 0;
        long invalid = 0;
        List<ValidateBodies.Line> results = new ArrayList<>();
        for (Slice s : done) {
            total += s.total;
            invalid += s.invalid;
            for (ValidateBodies.Line l : s.results) {
                if (results.size() < maxResults) {
                    results.add(l);
                }
            }
        }
        return new ValidateBodies.Batch(total, total - invalid, invalid, results);
    }

    private Slice run(Contract contract, byte[] body, int from, int to, int firstLine) {
        Slice s = new Slice();
        int line = firstLine;
        int start = from;
        while (start < to) {
            int end = start;
            while (end < to && body[end] != '\n') {
                end++;
            }
            int stop = end;
            if (stop > start && body[stop - 1] == '\r') {
                stop--;
            }
            if (!blank(body, start, stop)) {
                s.total++;
                List<ValidationError> errors = check(contract, body, start, stop - start);
                if (!errors.isEmpty()) {
                    s.invalid++;
                    if (s.results.size() < maxResults) {
                        s.results.add(new ValidateBodies.Line(line, errors));
                    }
                }
            }
            line++;
            start = end + 1;
        }
        return s;
    }

    private List<ValidationError> check(Contract contract, byte[] body, int offset, int length) {
        JsonNode record;
        try {
            record = json.readTree(body, offset, length);
        } catch (JacksonException e) {
            return List.of(RequestReader.malformed("line", e, maxDepth, maxString));
        }
        return engine.validate(contract, record);
    }

    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Slice boundaries at line starts, roughly equal in bytes. */
    private static int[] sliceStarts(byte[] body, int slices) {
        int[] starts = new int[slices + 1];
        int n = 1;
        for (int i = 1; i < slices; i++) {
            int at = (int) ((long) body.length * i / slices);
            while (at < body.length && body[at - 1] != '\n') {
                at++;
            }
            if (at > starts[n - 1] && at < body.length) {
                starts[n++] = at;
            }
        }
        starts[n++] = body.length;
        return Arrays.copyOf(starts, n);
    }

    /** The 1-based line number each slice starts at. */
    private static int[] firstLines(byte[] body, int[] starts) {
        int[] lines = new int[starts.length - 1];
        int line = 1;
        int slice = 0;
        for (int i = 0; i < body.length && slice < lines.length; i++) {
            while (slice < lines.length && starts[slice] == i) {
                lines[slice++] = line;
            }
            if (body[i] == '\n') {
                line++;
            }
        }
        while (slice < lines.length) {
            lines[slice++] = line;
        }
        return lines;
    }

    private static final class Slice {
        long total;
        long invalid;
        final List<ValidateBodies.Line> results = new ArrayList<>();
    }
}
