package io.lakehouse.validation;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.keyword.KeywordValidator;
import com.networknt.schema.regex.RegularExpression;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * A byte-level fast path for the common case of bulk validation: decides, straight from the UTF-8 bytes of one
 * NDJSON line and without building a {@link JsonNode}, that the record is valid against a contract.
 *
 * <p>It never rejects: {@link #accepts} answering {@code false} means "not sure", and the caller then parses the line
 * and asks {@link ValidationEngine#validate}, which alone produces errors. It answers {@code true} only when the
 * engine would parse the line and find no error: it knows a subset of draft 2020-12 ({@code type}, {@code enum} of
 * strings, {@code properties}, {@code required}, boolean {@code additionalProperties}, {@code items},
 * {@code minItems}/{@code maxItems}, {@code uniqueItems} of strings, {@code minLength}/{@code maxLength},
 * {@code pattern}, {@code format}, {@code minimum}/{@code maximum} and their exclusive forms, annotations) and a
 * contract using anything else gets no fast path ({@link #compile} is empty). {@code pattern} and {@code format} are
 * checked by the engine's own compiled regular expressions and format validators, so their semantics are the
 * engine's. Anything unusual in a line (escapes producing surrogates, duplicate keys, numbers on an exact bound, a
 * fraction where an integer is wanted, nesting or strings past the engine's limits) answers "not sure".
 *
 * <p>Thread-safe and immutable once compiled.
 */
public final class FastValidator {
    private static final int T_STRING = 1;
    private static final int T_INTEGER = 2;
    private static final int T_NUMBER = 4;
    private static final int T_BOOLEAN = 8;
    private static final int T_NULL = 16;
    private static final int T_OBJECT = 32;
    private static final int T_ARRAY = 64;
    private static final int T_ANY = 127;

    /** Keywords that never fail a record. */
    private static final Set<String> ANNOTATIONS = Set.of("title", "description", "$comment", "examples", "default",
            "deprecated", "readOnly", "writeOnly", "x-lakehouse");
    /** Formats whose validators are plain string predicates in the library (others get no fast path). */
    private static final Set<String> FORMATS = Set.of("date", "date-time", "time", "email", "idn-email", "hostname",
            "idn-hostname", "ipv4", "ipv6", "uri", "uri-reference", "iri", "iri-reference", "uuid", "duration",
            "json-pointer", "relative-json-pointer");

    /** Well below the parser's default limits on names (50,000) and numbers (1,000 characters). */
    private static final int MAX_NAME = 1000;
    private static final int MAX_NUMBER = 100;

    private static final int MAX_DOMAINS = 10_000;

    private final Schema root;
    private final Node node;
    /** The library's verdict on {@code a@<domain>} per e-mail domain seen (a bounded cache). */
    private final java.util.concurrent.ConcurrentHashMap<String, Boolean> emailDomains =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final int maxDepth;
    private final int maxStringLength;

    private FastValidator(Schema root, Node node, EngineSettings settings) {
        this.root = root;
        this.node = node;
        this.maxDepth = settings.maxNestingDepth();
        this.maxStringLength = settings.maxStringLength();
    }

    /**
     * The fast path of a contract compiled by {@code engine}, or empty when the contract uses a keyword this class
     * does not know (every record then goes to the engine).
     */
    public static Optional<FastValidator> compile(ValidationEngine engine, Contract contract) {
        try {
            Compiler c = new Compiler(contract.schema());
            Node n = c.node(contract.document(), true);
            return Optional.of(new FastValidator(contract.schema(), n, engine.settings()));
        } catch (Unsupported | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the line {@code buf[from, to)} (no line terminator) is certainly one record valid against the contract;
     * {@code false} when it is not or when this fast path cannot tell.
     */
    public boolean accepts(byte[] buf, int from, int to) {
        Cursor c = new Cursor(buf, from, to);
        try {
            c.ws();
            if (!c.value(node, 0)) {
                return false;
            }
            c.ws();
            return c.p == to;
        } catch (ArrayIndexOutOfBoundsException e) {
            // Ran past the end of a truncated line: not a complete JSON value.
            return false;
        }
    }

    private static final class Unsupported extends Exception {
        Unsupported(String what) {
            super(what, null, false, false);
        }
    }

    /** One compiled (sub)schema. */
    private static final class Node {
        int types = T_ANY;
        // strings
        int minLength = -1;
        int maxLength = -1;
        RegularExpression pattern;
        KeywordValidator format;
        /** {@link FormatShapes} shortcut for {@link #format}, or {@link FormatShapes#OTHER}. */
        FormatShapes formatKind = FormatShapes.OTHER;
        Set<String> enumStrings;
        /** The ASCII members of {@link #enumStrings} as bytes (an ASCII value can only equal one of these). */
        byte[][] enumAscii;
        boolean enumNull;
        // numbers: NaN when absent; the long forms are exact copies of integral bounds
        double minimum = Double.NaN;
        double maximum = Double.NaN;
        double exclusiveMinimum = Double.NaN;
        double exclusiveMaximum = Double.NaN;
        // objects
        byte[][] names;
        Node[] properties;
        int[] table;
        long requiredMask;
        boolean additional = true;
        // arrays
        Node items;
        int minItems = -1;
        int maxItems = -1;
        boolean uniqueItems;

        boolean hasStringChecks() {
            return minLength >= 0 || maxLength >= 0 || pattern != null || format != null || enumStrings != null;
        }

        boolean hasBounds() {
            return !Double.isNaN(minimum) || !Double.isNaN(maximum) || !Double.isNaN(exclusiveMinimum)
                    || !Double.isNaN(exclusiveMaximum);
        }

        /** Index of the property named {@code buf[from, to)}, or -1. */
        int property(byte[] buf, int from, int to) {
            if (table == null) {
                return -1;
            }
            int mask = table.length - 1;
            for (int slot = hash(buf, from, to) & mask; ; slot = (slot + 1) & mask) {
                int i = table[slot];
                if (i < 0) {
                    return -1;
                }
                byte[] name = names[i];
                if (java.util.Arrays.equals(name, 0, name.length, buf, from, to)) {
                    return i;
                }
            }
        }
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + b[i];
        }
        return h ^ (h >>> 16);
    }

    /** Turns a contract document into {@link Node}s, or throws {@link Unsupported}. */
    private static final class Compiler {
        private final Schema root;
        private final SchemaContext context;

        Compiler(Schema root) {
            this.root = root;
            this.context = root.getSchemaContext();
        }

        Node node(JsonNode s, boolean top) throws Unsupported {
            Node n = new Node();
            if (s.isBoolean()) {
                if (!s.asBoolean()) {
                    throw new Unsupported("false schema");
                }
                return n;
            }
            if (!s.isObject()) {
                throw new Unsupported("schema is not an object");
            }
            for (Map.Entry<String, JsonNode> e : s.properties()) {
                String k = e.getKey();
                JsonNode v = e.getValue();
                switch (k) {
                    case "$schema" -> {
                        if (!top) {
                            throw new Unsupported("nested $schema");
                        }
                    }
                    case "type" -> n.types = types(v);
                    case "enum" -> enumeration(n, v);
                    case "minLength" -> n.minLength = count(v);
                    case "maxLength" -> n.maxLength = count(v);
                    case "pattern" -> {
                        if (!v.isString()) {
                            throw new Unsupported("pattern");
                        }
                        n.pattern = RegularExpression.compile(v.asString(), context);
                    }
                    case "format" -> {
                        if (!v.isString() || !FORMATS.contains(v.asString())) {
                            throw new Unsupported("format");
                        }
                        n.format = context.getDialect().newValidator(context,
                                SchemaLocation.of("urn:lakehouse:fast-path#/format"), "format", v, root);
                        n.formatKind = FormatShapes.of(v.asString());
                    }
                    case "minimum" -> n.minimum = bound(v);
                    case "maximum" -> n.maximum = bound(v);
                    case "exclusiveMinimum" -> n.exclusiveMinimum = bound(v);
                    case "exclusiveMaximum" -> n.exclusiveMaximum = bound(v);
                    case "properties", "required", "additionalProperties" -> { } // below, together
                    case "items" -> n.items = node(v, false);
                    case "minItems" -> n.minItems = count(v);
                    case "maxItems" -> n.maxItems = count(v);
                    case "uniqueItems" -> {
                        if (!v.isBoolean()) {
                            throw new Unsupported("uniqueItems");
                        }
                        n.uniqueItems = v.asBoolean();
                    }
                    default -> {
                        if (!ANNOTATIONS.contains(k)) {
                            throw new Unsupported(k);
                        }
                    }
                }
            }
            object(n, s);
            return n;
        }

        private void object(Node n, JsonNode s) throws Unsupported {
            JsonNode props = s.get("properties");
            JsonNode required = s.get("required");
            JsonNode additional = s.get("additionalProperties");
            List<String> names = new ArrayList<>();
            List<Node> schemas = new ArrayList<>();
            if (props != null) {
                if (!props.isObject()) {
                    throw new Unsupported("properties");
                }
                for (Map.Entry<String, JsonNode> p : props.properties()) {
                    names.add(p.getKey());
                    schemas.add(node(p.getValue(), false));
                }
            }
            if (names.size() > 64) {
                throw new Unsupported("more than 64 properties");
            }
            if (required != null) {
                if (!required.isArray()) {
                    throw new Unsupported("required");
                }
                for (JsonNode r : required) {
                    int i = r.isString() ? names.indexOf(r.asString()) : -1;
                    if (i < 0) {
                        // A required name without a property schema would need unknown keys tracked.
                        throw new Unsupported("required without property");
                    }
                    n.requiredMask |= 1L << i;
                }
            }
            if (additional != null) {
                if (!additional.isBoolean()) {
                    throw new Unsupported("additionalProperties schema");
                }
                n.additional = additional.asBoolean();
            }
            if (names.isEmpty()) {
                return;
            }
            n.names = new byte[names.size()][];
            n.properties = schemas.toArray(Node[]::new);
            int size = Integer.highestOneBit(names.size() * 4 - 1) << 1;
            n.table = new int[size];
            java.util.Arrays.fill(n.table, -1);
            for (int i = 0; i < names.size(); i++) {
                byte[] b = names.get(i).getBytes(StandardCharsets.UTF_8);
                n.names[i] = b;
                int slot = hash(b, 0, b.length) & (size - 1);
                while (n.table[slot] >= 0) {
                    slot = (slot + 1) & (size - 1);
                }
                n.table[slot] = i;
            }
        }

        private static int types(JsonNode v) throws Unsupported {
            if (v.isString()) {
                return type(v.asString());
            }
            if (!v.isArray() || v.isEmpty()) {
                throw new Unsupported("type");
            }
            int t = 0;
            for (JsonNode e : v) {
                if (!e.isString()) {
                    throw new Unsupported("type");
                }
                t |= type(e.asString());
            }
            return t;
        }

        private static int type(String name) throws Unsupported {
            return switch (name) {
                case "string" -> T_STRING;
                // An integer literal is an integer and a number; 1.0 (an integer in 2020-12) is left to the engine.
                case "integer" -> T_INTEGER;
                case "number" -> T_NUMBER | T_INTEGER;
                case "boolean" -> T_BOOLEAN;
                case "null" -> T_NULL;
                case "object" -> T_OBJECT;
                case "array" -> T_ARRAY;
                default -> throw new Unsupported("type " + name);
            };
        }

        private static void enumeration(Node n, JsonNode v) throws Unsupported {
            if (!v.isArray()) {
                throw new Unsupported("enum");
            }
            Set<String> strings = new HashSet<>();
            for (JsonNode e : v) {
                if (e.isString()) {
                    strings.add(e.asString());
                } else if (e.isNull()) {
                    n.enumNull = true;
                } else {
                    throw new Unsupported("enum of non-strings");
                }
            }
            n.enumStrings = strings;
            n.enumAscii = strings.stream().filter(e -> e.chars().allMatch(c -> c < 0x80))
                    .map(e -> e.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
        }

        private static int count(JsonNode v) throws Unsupported {
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
                throw new Unsupported("count");
            }
            return v.asInt();
        }

        private static double bound(JsonNode v) throws Unsupported {
            if (!v.isNumber()) {
                throw new Unsupported("bound");
            }
            double d = v.asDouble();
            if (!Double.isFinite(d)) {
                throw new Unsupported("bound");
            }
            if (v.isIntegralNumber()) {
                // Only integral bounds that a double holds exactly, so comparisons below are exact.
                if (!v.canConvertToLong() || Math.abs(v.asLong()) > (1L << 53) || (double) v.asLong() != d) {
                    throw new Unsupported("bound");
                }
            } else if (!v.isDouble() && !v.isFloat()) {
                throw new Unsupported("bound");
            }
            return d;
        }
    }

    /** Parse state of one line. */
    private final class Cursor {
        final byte[] b;
        final int end;
        int p;
        /** Set by {@link #string} when the caller needs the decoded value. */
        String decoded;
        ExecutionContext context;

        Cursor(byte[] b, int from, int end) {
            this.b = b;
            this.p = from;
            this.end = end;
        }

        void ws() {
            while (p < end) {
                byte c = b[p];
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                    p++;
                } else {
                    return;
                }
            }
        }

        boolean value(Node s, int depth) {
            if (p >= end) {
                return false;
            }
            byte c = b[p];
            switch (c) {
                case '{':
                    return (s.types & T_OBJECT) != 0 && s.enumStrings == null && object(s, depth + 1);
                case '[':
                    return (s.types & T_ARRAY) != 0 && s.enumStrings == null && array(s, depth + 1);
                case '"':
                    return (s.types & T_STRING) != 0 && string(s, false);
                case 't':
                    return (s.types & T_BOOLEAN) != 0 && s.enumStrings == null && literal("true");
                case 'f':
                    return (s.types & T_BOOLEAN) != 0 && s.enumStrings == null && literal("false");
                case 'n':
                    return (s.types & T_NULL) != 0 && (s.enumStrings == null || s.enumNull) && literal("null");
                default:
                    return (c == '-' || (c >= '0' && c <= '9')) && s.enumStrings == null && number(s);
            }
        }

        boolean literal(String word) {
            int n = word.length();
            if (p + n > end) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (b[p + i] != word.charAt(i)) {
                    return false;
                }
            }
            p += n;
            return true;
        }

        boolean object(Node s, int depth) {
            if (depth >= maxDepth) {
                return false;
            }
            p++;
            long seen = 0;
            ws();
            if (b[p] == '}') {
                p++;
                return s.requiredMask == 0;
            }
            while (true) {
                if (b[p] != '"') {
                    return false;
                }
                int from = ++p;
                // Property names with escapes or non-ASCII bytes are left to the engine.
                while (true) {
                    byte c = b[p];
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\' || c < 0x20) {
                        return false;
                    }
                    p++;
                }
                int to = p++;
                if (to - from > MAX_NAME) {
                    return false;
                }
                int i = s.property(b, from, to);
                ws();
                if (b[p] != ':') {
                    return false;
                }
                p++;
                ws();
                if (i >= 0) {
                    long bit = 1L << i;
                    if ((seen & bit) != 0) {
                        return false; // duplicate key: the engine sees only the last one
                    }
                    seen |= bit;
                    if (!value(s.properties[i], depth)) {
                        return false;
                    }
                } else {
                    if (!s.additional || !value(ANY, depth)) {
                        return false;
                    }
                }
                ws();
                byte c = b[p++];
                if (c == '}') {
                    return (seen & s.requiredMask) == s.requiredMask;
                }
                if (c != ',') {
                    return false;
                }
                ws();
            }
        }

        boolean array(Node s, int depth) {
            if (depth >= maxDepth) {
                return false;
            }
            p++;
            Node items = s.items == null ? ANY : s.items;
            Set<String> unique = s.uniqueItems ? new HashSet<>() : null;
            int count = 0;
            ws();
            if (b[p] == ']') {
                p++;
            } else {
                while (true) {
                    if (unique != null) {
                        // Only arrays of strings are compared here.
                        if (b[p] != '"' || (items.types & T_STRING) == 0 || !string(items, true)
                                || !unique.add(decoded)) {
                            return false;
                        }
                    } else if (!value(items, depth)) {
                        return false;
                    }
                    count++;
                    ws();
                    byte c = b[p++];
                    if (c == ']') {
                        break;
                    }
                    if (c != ',') {
                        return false;
                    }
                    ws();
                }
            }
            return (s.minItems < 0 || count >= s.minItems) && (s.maxItems < 0 || count <= s.maxItems);
        }

        /** A string at {@code p}; with {@code want} (or when checks need it) its value is left in {@link #decoded}. */
        boolean string(Node s, boolean want) {
            int from = ++p;
            boolean ascii = true;
            boolean escaped = false;
            while (true) {
                byte c = b[p];
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    escaped = true;
                    p += 2;
                    continue;
                }
                if (c < 0) {
                    ascii = false;
                } else if (c < 0x20) {
                    return false;
                }
                p++;
            }
            int to = p++;
            if (to - from > maxStringLength) {
                return false;
            }
            boolean checks = s.hasStringChecks();
            if (ascii && !escaped && !want && (!checks || asciiChecks(s, from, to))) {
                return true;
            }
            String v;
            if (escaped) {
                v = unescape(from, to);
                if (v == null) {
                    return false;
                }
            } else if (ascii) {
                v = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
            } else {
                v = new String(b, from, to - from, StandardCharsets.UTF_8);
                // Malformed UTF-8 decodes to U+FFFD: leave it (and any real U+FFFD) to the engine.
                if (v.indexOf('\uFFFD') >= 0) {
                    return false;
                }
            }
            decoded = v;
            if (!checks) {
                return true;
            }
            if (s.minLength >= 0 || s.maxLength >= 0) {
                int n = ascii && !escaped ? v.length() : v.codePointCount(0, v.length());
                if (s.minLength >= 0 && n < s.minLength || s.maxLength >= 0 && n > s.maxLength) {
                    return false;
                }
            }
            if (s.enumStrings != null && !s.enumStrings.contains(v)) {
                return false;
            }
            if (s.pattern != null && !s.pattern.matches(v)) {
                return false;
            }
            return s.format == null || format(s, v);
        }

        /**
         * The checks of an ASCII string without escapes decided on its bytes, without decoding it: true when they all
         * pass; false when one fails or cannot be decided here (a pattern, a format other than the date-time shape),
         * and the decoded string then decides as before.
         */
        boolean asciiChecks(Node s, int from, int to) {
            int n = to - from;
            if (s.pattern != null || s.minLength >= 0 && n < s.minLength || s.maxLength >= 0 && n > s.maxLength) {
                return false;
            }
            if (s.enumStrings != null) {
                boolean found = false;
                for (byte[] e : s.enumAscii) {
                    if (Arrays.equals(e, 0, e.length, b, from, to)) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return false;
                }
            }
            return s.format == null || s.formatKind == FormatShapes.DATE_TIME && FormatShapes.dateTime(b, from, to);
        }

        /**
         * The common shapes of a few formats are recognised here (each a strict subset of what the library accepts);
         * anything else is asked of the library's own format validator.
         */
        boolean format(Node s, String v) {
            switch (s.formatKind) {
                case UUID -> {
                    if (FormatShapes.uuid(v)) {
                        return true;
                    }
                }
                case DATE -> {
                    if (v.length() == 10 && FormatShapes.date(v)) {
                        return true;
                    }
                }
                case DATE_TIME -> {
                    if (FormatShapes.dateTime(v)) {
                        return true;
                    }
                }
                case URI -> {
                    if (FormatShapes.httpUri(v)) {
                        return true;
                    }
                }
                case EMAIL -> {
                    // For a plain local part the library's answer depends on the domain alone (see FormatShapes.plainLocal).
                    int at = FormatShapes.plainLocal(v);
                    if (at > 0) {
                        String domain = v.substring(at + 1);
                        Boolean known = emailDomains.get(domain);
                        if (known == null) {
                            known = library(s, "a@" + domain);
                            if (emailDomains.size() < MAX_DOMAINS) {
                                emailDomains.put(domain, known);
                            }
                        }
                        return known;
                    }
                }
                default -> { }
            }
            return library(s, v);
        }

        boolean library(Node s, String v) {
            if (context == null) {
                context = root.createExecutionContext();
            }
            StringNode node = StringNode.valueOf(v);
            s.format.validate(context, node, node, context.getEvaluationPath());
            return context.getErrors().isEmpty();
        }

        /** The value of an escaped string, or null for anything but the plain escapes (surrogates included). */
        String unescape(int from, int to) {
            StringBuilder out = new StringBuilder(to - from);
            int i = from;
            while (i < to) {
                byte c = b[i];
                if (c != '\\') {
                    int j = i;
                    while (j < to && b[j] != '\\') {
                        j++;
                    }
                    String part = new String(b, i, j - i, StandardCharsets.UTF_8);
                    if (part.indexOf('\uFFFD') >= 0) {
                        return null;
                    }
                    out.append(part);
                    i = j;
                    continue;
                }
                if (i + 1 >= to) {
                    return null;
                }
                byte e = b[i + 1];
                i += 2;
                switch (e) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case '/' -> out.append('/');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (i + 4 > to) {
                            return null;
                        }
                        int cp = 0;
                        for (int k = 0; k < 4; k++) {
                            int d = Character.digit(b[i + k], 16);
                            if (d < 0) {
                                return null;
                            }
                            cp = cp * 16 + d;
                        }
                        if (Character.isSurrogate((char) cp)) {
                            return null;
                        }
                        out.append((char) cp);
                        i += 4;
                    }
                    default -> {
                        return null;
                    }
                }
            }
            return out.toString();
        }

        boolean number(Node s) {
            int from = p;
            if (b[p] == '-') {
                p++;
            }
            if (p >= end) {
                return false;
            }
            if (b[p] == '0') {
                p++;
            } else if (b[p] >= '1' && b[p] <= '9') {
                while (p < end && b[p] >= '0' && b[p] <= '9') {
                    p++;
                }
            } else {
                return false;
            }
            int intEnd = p;
            boolean integer = true;
            if (p < end && b[p] == '.') {
                integer = false;
                p++;
                int d = p;
                while (p < end && b[p] >= '0' && b[p] <= '9') {
                    p++;
                }
                if (p == d) {
                    return false;
                }
            }
            boolean exponent = false;
            if (p < end && (b[p] == 'e' || b[p] == 'E')) {
                integer = false;
                exponent = true;
                p++;
                if (p < end && (b[p] == '+' || b[p] == '-')) {
                    p++;
                }
                int d = p;
                while (p < end && b[p] >= '0' && b[p] <= '9') {
                    p++;
                }
                if (p == d) {
                    return false;
                }
            }
            if (p - from > MAX_NUMBER) {
                return false; // the parser's number length limit
            }
            if (integer) {
                if ((s.types & T_INTEGER) == 0) {
                    return false;
                }
                int digits = intEnd - from - (b[from] == '-' ? 1 : 0);
                if (digits > 15) {
                    return false; // beyond exact doubles (and near BIGINT's range): the engine decides
                }
                if (!s.hasBounds()) {
                    return true;
                }
                long v = 0;
                for (int i = b[from] == '-' ? from + 1 : from; i < intEnd; i++) {
                    v = v * 10 + (b[i] - '0');
                }
                // |v| < 2^53 and integral bounds are exact doubles: these comparisons are exact.
                return within(s, b[from] == '-' ? -v : v, true);
            }
            if ((s.types & T_NUMBER) == 0) {
                return false;
            }
            if (!s.hasBounds()) {
                // Without an exponent and with at most 300 integer digits the value is below 1e300: finite.
                return !exponent && intEnd - from <= 300 || Double.isFinite(
                        Double.parseDouble(new String(b, from, p - from, StandardCharsets.ISO_8859_1)));
            }
            double d = Double.parseDouble(new String(b, from, p - from, StandardCharsets.ISO_8859_1));
            return Double.isFinite(d) && within(s, d, false);
        }

        /** Bounds; a fraction that lands exactly on a bound is left to the engine (its comparison may differ). */
        private boolean within(Node s, double v, boolean exact) {
            if (!Double.isNaN(s.minimum) && (v < s.minimum || !exact && v == s.minimum)) {
                return false;
            }
            if (!Double.isNaN(s.maximum) && (v > s.maximum || !exact && v == s.maximum)) {
                return false;
            }
            if (!Double.isNaN(s.exclusiveMinimum) && v <= s.exclusiveMinimum) {
                return false;
            }
            return Double.isNaN(s.exclusiveMaximum) || v < s.exclusiveMaximum;
        }
    }

    /** The empty schema: any well-formed value (still parsed, for syntax and limits). */
    private static final Node ANY = new Node();

    /** For tests: whether {@link #compile} found every keyword of {@code document} supported. */
    static boolean supports(Contract contract) {
        try {
            new Compiler(contract.schema()).node(contract.document(), true);
            return true;
        } catch (Unsupported | RuntimeException e) {
            return false;
        }
    }
}
