package io.lakehouse.store;

/**
 * A validated object key: relative, '/'-separated, no empty or dot segments, no backslashes or control characters.
 *
 * <p>Validation happens here, before any I/O, so a hostile key never reaches a file system path or an S3 request.
 */
public record ObjectKey(String value) implements Comparable<ObjectKey> {

    /** Longest key accepted; S3 allows 1,024 bytes and we stay well below with room for prefixes. */
    public static final int MAX_LENGTH = 900;

    public ObjectKey {
        String problem = problem(value);
        if (problem != null) {
            throw new InvalidKeyException(value, problem);
        }
    }

    /** Builds a key from its segments joined with '/'. */
    public static ObjectKey of(String first, String... more) {
        StringBuilder b = new StringBuilder(first);
        for (String s : more) {
            b.append('/').append(s);
        }
        return new ObjectKey(b.toString());
    }

    /** Returns why {@code key} is not a valid object key, or null when it is. */
    public static String problem(String key) {
        if (key == null || key.isEmpty()) {
            return "key is empty";
        }
        if (key.length() > MAX_LENGTH) {
            return "key is longer than " + MAX_LENGTH + " characters";
        }
        if (key.charAt(0) == '/') {
            return "key is absolute";
        }
        if (key.endsWith("/")) {
            return "key ends with '/'";
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\') {
                return "key contains a backslash";
            }
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                return "key contains a control character";
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) {
                return "key has an empty segment";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "key has a '" + segment + "' segment";
            }
        }
        return null;
    }

    /**
     * Rejects a listing prefix that no valid key could start with for the same reasons a key is rejected. A prefix may
     * be empty, end with '/', or stop inside a segment ({@code raw/cand} matches {@code raw/candidate/...}).
     */
    public static void checkPrefix(String prefix) {
        if (prefix.isEmpty()) {
            return;
        }
        // Validate the prefix as a key with a placeholder completion of its last segment: "raw/." may begin
        // "raw/.keep", while "raw/./" and "../" begin no valid key.
        String probe = prefix.length() >= MAX_LENGTH ? prefix : prefix + "x";
        String problem = problem(probe);
        if (problem != null) {
            throw new InvalidKeyException(prefix, problem);
        }
    }

    /** The part after the last '/'. */
    public String name() {
        int slash = value.lastIndexOf('/');
        return slash < 0 ? value : value.substring(slash + 1);
    }

    @Override
    public int compareTo(ObjectKey other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
