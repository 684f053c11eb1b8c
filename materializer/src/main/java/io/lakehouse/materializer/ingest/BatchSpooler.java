package io.lakehouse.materializer.ingest;

import io.lakehouse.validation.Contract;
import io.lakehouse.validation.ValidationEngine;
import io.lakehouse.validation.ValidationError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Reads an ingest body (NDJSON, or one JSON array) record by record and writes it as NDJSON to a spool, checking
 * that every line is JSON and, when asked, valid against the contract. Memory holds one record at a time.
 */
final class BatchSpooler {
    private final ValidationEngine engine;
    private final int maxResults;

    /** Reads one array element at a time: the array's closing bracket is not a trailing token of an element. */
    private final tools.jackson.databind.ObjectReader elementReader;

    BatchSpooler(ValidationEngine engine, int maxResults) {
        this.engine = engine;
        this.maxResults = maxResults;
        this.elementReader = engine.json().readerFor(JsonNode.class)
                .without(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The first line that is not JSON (1-based), with the parser's reason. */
    static final class NotNdjsonException extends Exception {
        final long line;

        NotNdjsonException(long line, String reason) {
            super("line " + line + " is not valid JSON: " + reason);
            this.line = line;
        }
    }

    /** One invalid line of a {@code ?validate=true} batch. */
    record LineErrors(long line, List<ValidationError> errors) {
    }

    /** Counts and, with a contract, the invalid lines (at most {@code maxResults} listed). */
    record Result(long records, long invalid, List<LineErrors> results) {
    }

    Result spool(InputStream body, OutputStream out, Contract validateWith) throws IOException, NotNdjsonException {
        PushbackInputStream in = new PushbackInputStream(body, 1);
        int first = skipWhitespace(in);
        if (first == '[') {
            return array(in, out, validateWith);
        }
        return ndjson(in, out, validateWith);
    }

    private Result ndjson(InputStream in, OutputStream out, Contract contract) throws IOException, NotNdjsonException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        long lineNo = 0;
        long records = 0;
        long invalid = 0;
        List<LineErrors> results = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = engine.json().readTree(line);
            } catch (JacksonException e) {
                throw new NotNdjsonException(lineNo, firstLine(e.getOriginalMessage()));
            }
            records++;
            if (contract != null) {
                List<ValidationError> errors = engine.validate(contract, node);
                if (!errors.isEmpty()) {
                    invalid++;
                    if (results.size() < maxResults) {
                        results.add(new LineErrors(lineNo, errors));
                    }
                }
            }
            byte[] bytes = line.strip().getBytes(StandardCharsets.UTF_8);
            out.write(bytes);
            out.write('\n');
        }
        return new Result(records, invalid, results);
    }

    /** A JSON array body: each element becomes one NDJSON line; "line" in errors is the element's 1-based index. */
    private Result array(InputStream in, OutputStream out, Contract contract) throws IOException, NotNdjsonException {
        long records = 0;
        long invalid = 0;
        List<LineErrors> results = new ArrayList<>();
        try (JsonParser p = engine.json().createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new NotNdjsonException(1, "expected a JSON array");
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new NotNdjsonException(p.currentLocation().getLineNr(), "unexpected end of the array");
                }
                JsonNode node = elementReader.readValue(p);
                records++;
                if (contract != null) {
                    List<ValidationError> errors = engine.validate(contract, node);
                    if (!errors.isEmpty()) {
                        invalid++;
                        if (results.size() < maxResults) {
                            results.add(new LineErrors(records, errors));
                        }
                    }
                }
                out.write(engine.json().writeValueAsBytes(node));
                out.write('\n');
            }
            if (p.nextToken() != null) {
                throw new NotNdjsonException(p.currentLocation().getLineNr(), "content after the closing ]");
            }
        } catch (JacksonException e) {
            throw new NotNdjsonException(Math.max(1, e.getLocation() == null ? 1 : e.getLocation().getLineNr()),
                    firstLine(e.getOriginalMessage()));
        }
        return new Result(records, invalid, results);
    }

    private static int skipWhitespace(PushbackInputStream in) throws IOException {
        int b;
        // Only the leading whitespace of the body is consumed; NDJSON line numbers count from the first record then.
        do {
            b = in.read();
        } while (b == ' ' || b == '\t' || b == '\r');
        if (b >= 0) {
            in.unread(b);
        }
        return b;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
