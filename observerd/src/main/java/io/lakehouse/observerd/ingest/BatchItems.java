package io.lakehouse.observerd.ingest;

import io.lakehouse.observerd.ObserverdError;
import io.lakehouse.shared.web.ApiException;
import java.util.Arrays;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The items of a {@code POST /v1/observations} body as byte ranges of the body, found by one streaming pass that
 * checks the syntax of the whole body but builds no tree: an item is then checked straight from its bytes, and only
 * an item the contract's fast path is unsure of is parsed into a tree.
 *
 * <p>Accepts what the tree reading accepted: a JSON array, or an object whose (last) {@code observations} member is
 * one, with nothing after the root value.
 *
 * @param body the request body
 * @param bounds {@code from, to} pairs, one per item, in body order
 * @param count  number of items
 */
public record BatchItems(byte[] body, int[] bounds, int count) {
    /** Byte offset of item {@code i}. */
    public int from(int i) {
        return bounds[2 * i];
    }

    /** End (exclusive) of item {@code i}. */
    public int to(int i) {
        return bounds[2 * i + 1];
    }

    /**
     * Finds the items of {@code body}.
     *
     * @throws ApiException 400 {@code invalid_batch} when the body is not valid JSON, not a batch, or empty
     */
    public static BatchItems of(byte[] body, JsonMapper json) {
        try (JsonParser p = json.createParser(body)) {
            JsonToken root = p.nextToken();
            Bounds found = null;
            if (root == JsonToken.START_ARRAY) {
                found = items(p);
            } else if (root == JsonToken.START_OBJECT) {
                for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (name.equals("observations") && value == JsonToken.START_ARRAY) {
                        found = items(p);
                    } else {
                        if (name.equals("observations")) {
                            found = null; // a later member of the same name wins, as it did in a tree
                        }
                        p.skipChildren();
                    }
                }
            }
            if (root != null && p.nextToken() != null) {
                throw new ApiException(ObserverdError.INVALID_BATCH,
                        "the body is not valid JSON: trailing content after the batch");
            }
            if (found == null) {
                throw new ApiException(ObserverdError.INVALID_BATCH,
                        "the body must be a JSON array of observations or {\"observations\": [...]}");
            }
            if (found.count == 0) {
                throw new ApiException(ObserverdError.INVALID_BATCH, "the batch is empty");
            }
            return new BatchItems(body, found.bounds, found.count);
        } catch (JacksonException e) {
            throw new ApiException(ObserverdError.INVALID_BATCH, "the body is not valid JSON: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    /** The elements of the array whose START_ARRAY is the current token; leaves the parser on its END_ARRAY. */
    private static Bounds items(JsonParser p) {
        Bounds b = new Bounds();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            int from = (int) p.currentTokenLocation().getByteOffset();
            if (t.isStructStart()) {
                p.skipChildren();
            } else {
                p.finishToken(); // a scalar's end is known once it is read (strings are read lazily)
            }
            int to = (int) p.currentLocation().getByteOffset();
            b.add(from, to);
        }
        return b;
    }

    private static final class Bounds {
        int[] bounds = new int[128];
        int count;

        void add(int from, int to) {
            if (2 * count + 2 > bounds.length) {
                bounds = Arrays.copyOf(bounds, bounds.length * 2);
            }
            bounds[2 * count] = from;
            bounds[2 * count + 1] = to;
            count++;
        }
    }
}
