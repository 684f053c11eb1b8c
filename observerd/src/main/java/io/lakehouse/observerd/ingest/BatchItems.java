package io.lakehouse.observerd.ingest;

import io.lakehouse.observerd.ObserverdError;
import io.lakehouse.shared.web.ApiException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the items of a {@code POST /v1/observations} body in one streaming pass that checks the syntax of the whole
 * body but builds no tree: each item is handed to a consumer positioned on its first token, so it can be read
 * straight from the parser, and only an item the contract's fast path is unsure of needs a tree.
 *
 * <p>Accepts what the tree reading accepted: a JSON array, or an object whose (last) {@code observations} member is
 * one, with nothing after the root value.
 */
public final class BatchItems {
    private BatchItems() {
    }

    /** Receives one item. */
    @FunctionalInterface
    public interface Consumer {
        /**
         * Reads the item whose first token is the parser's current token and which starts at byte {@code from};
         * must leave the parser on the item's last token ({@link #skip} does).
         */
        void item(JsonParser p, int from);
    }

    /** Skips the current item and answers the byte offset just past it. */
    public static int skip(JsonParser p) {
        if (p.currentToken().isStructStart()) {
            p.skipChildren();
        } else {
            p.finishToken(); // a scalar's end is known once it is read (strings are read lazily)
        }
        return end(p);
    }

    /** The byte offset just past the parser's current token, once that token has been read completely. */
    public static int end(JsonParser p) {
        return (int) p.currentLocation().getByteOffset();
    }

    /** Receives the bounds of one item; answers false to give up. */
    @FunctionalInterface
    public interface Ranges {
        boolean item(int from, int to);
    }

    /**
     * The common shape without a parser: a body that is a JSON array of objects. Hands the bounds of each object (as
     * far as balanced braces outside strings tell: the caller checks each item's syntax) to {@code ranges}; answers
     * false as soon as the body looks like anything else or {@code ranges} gives up, and the caller then reads the
     * body with {@link #read}, which judges it.
     */
    public static boolean objectArray(byte[] body, Ranges ranges) {
        int n = body.length;
        int p = ws(body, 0);
        if (p >= n || body[p] != '[') {
            return false;
        }
        p = ws(body, p + 1);
        if (p >= n || body[p] != '{') {
            return false; // empty, or not objects: read() answers
        }
        while (true) {
            int end = objectEnd(body, p);
            if (end < 0 || !ranges.item(p, end)) {
                return false;
            }
            p = ws(body, end);
            if (p >= n) {
                return false;
            }
            if (body[p] == ']') {
                return ws(body, p + 1) == n;
            }
            if (body[p] != ',') {
                return false;
            }
            p = ws(body, p + 1);
            if (p >= n || body[p] != '{') {
                return false;
            }
        }
    }

    private static int ws(byte[] b, int p) {
        while (p < b.length && (b[p] == ' ' || b[p] == '\t' || b[p] == '\n' || b[p] == '\r')) {
            p++;
        }
        return p;
    }

    /** The offset just past the object starting at {@code from}, by braces and brackets outside strings; -1 at the end. */
    private static int objectEnd(byte[] b, int from) {
        int depth = 0;
        int n = b.length;
        for (int i = from; i < n; i++) {
            byte c = b[i];
            if (c == '"') {
                for (i++; i < n && b[i] != '"'; i++) {
                    if (b[i] == '\\') {
                        i++;
                    }
                }
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    return i + 1;
                }
            }
        }
        return -1;
    }

    /**
     * Hands every item of {@code body} to {@code items} in order and answers how many there were.
     *
     * @throws ApiException 400 {@code invalid_batch} when the body is not valid JSON, not a batch, or empty
     */
    public static int read(byte[] body, JsonMapper json, Consumer items) {
        try (JsonParser p = json.createParser(body)) {
            JsonToken root = p.nextToken();
            int count = -1;
            if (root == JsonToken.START_ARRAY) {
                count = items(p, items);
            } else if (root == JsonToken.START_OBJECT) {
                for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (name.equals("observations") && value == JsonToken.START_ARRAY && count < 0) {
                        count = items(p, items);
                    } else {
                        if (name.equals("observations")) {
                            // A tree kept the last member of a name; two batches in one body are refused instead.
                            throw new ApiException(ObserverdError.INVALID_BATCH,
                                    "the body has more than one \"observations\" member");
                        }
                        p.skipChildren();
                    }
                }
            }
            if (root != null && p.nextToken() != null) {
                throw new ApiException(ObserverdError.INVALID_BATCH,
                        "the body is not valid JSON: trailing content after the batch");
            }
            if (count < 0) {
                throw new ApiException(ObserverdError.INVALID_BATCH,
                        "the body must be a JSON array of observations or {\"observations\": [...]}");
            }
            if (count == 0) {
                throw new ApiException(ObserverdError.INVALID_BATCH, "the batch is empty");
            }
            return count;
        } catch (JacksonException e) {
            throw new ApiException(ObserverdError.INVALID_BATCH, "the body is not valid JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    private static int items(JsonParser p, Consumer items) {
        int count = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            items.item(p, (int) p.currentTokenLocation().getByteOffset());
            count++;
        }
        return count;
    }
}
