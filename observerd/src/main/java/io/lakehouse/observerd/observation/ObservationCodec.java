package io.lakehouse.observerd.observation;

import io.lakehouse.validation.ValidationError;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a validated observation into its canonical line and back.
 *
 * <p>Canonical form: timestamps in UTC ({@code 2026-11-29T10:00:00.25Z}), absent optional members left out, and
 * {@code started_at} always the first member, so the lake exporter reads an observation's day from the first
 * bytes of its line without parsing it.
 */
public final class ObservationCodec {
    private static final byte[] DAY_PREFIX = "{\"started_at\":\"".getBytes(StandardCharsets.US_ASCII);
    /** Agents, kinds and names repeat across millions of kept observations: one copy each (bounded). */
    private final java.util.concurrent.ConcurrentHashMap<String, String> common =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_COMMON = 100_000;

    private final JsonMapper json;

    public ObservationCodec(JsonMapper json) {
        this.json = json;
    }

    /** What {@link #canonical} made of an item: the observation, or the reasons it cannot be kept. */
    public sealed interface Result {
    }

    /** A kept observation. */
    public record Ok(Observation observation) implements Result {
    }

    /** Errors in the validation contract's shape. */
    public record Rejected(List<ValidationError> errors) implements Result {
    }

    /**
     * The canonical observation for an item the observation contract already accepted; adds the checks a schema
     * cannot express (order of the timestamps, their range). For one item; a batch goes through {@link #writer()}.
     */
    public Result canonical(JsonNode item) {
        try (Writer w = writer()) {
            return w.canonical(item);
        }
    }

    /** A writer of canonical lines for one batch on one thread: one generator and buffer for all its items. */
    public Writer writer() {
        return new Writer();
    }

    /**
     * Writes canonical lines through one generator (creating one per item was a tenth of the canonical step); not
     * thread-safe, close it when the batch is done.
     */
    public final class Writer implements AutoCloseable {
        private final Buffer buf = new Buffer();
        private final JsonGenerator g = json.createGenerator(buf);
        private final char[] time = new char[32];
        private final Fields fields = new Fields();
        private byte[] input;
        private int base;
        // Neighbouring items of a batch mostly share these: one String each while they repeat, which also keeps
        // one copy per run in the run index instead of one per observation.
        private String lastRunId;
        private String lastParent;
        private String lastAgent;
        private String lastKind;
        private String lastName;
        private String lastStatus;
        private final Raw raw = new Raw();
        /** For {@link #bytes}: created on first use (only the OTLP path needs it). */
        private Buffer itemBuf;
        private JsonGenerator itemGen;

        private Writer() {
        }

        /**
         * A tree item as compact JSON bytes, written as the tree serializer would; lets an item that was built as a
         * tree (an OTLP span) take the byte-level fast path.
         */
        public byte[] bytes(JsonNode item) {
            if (itemGen == null) {
                itemBuf = new Buffer();
                itemGen = json.createGenerator(itemBuf);
            }
            itemBuf.reset();
            write(itemGen, item);
            itemGen.flush();
            return itemBuf.line();
        }

        /**
         * Reads the attributes object at the parser (its START_OBJECT current) and leaves the parser on its
         * END_OBJECT. Attributes already in the form the tree serializer writes (no whitespace, no escapes, no
         * nested values, no repeated names, numbers in their shortest form) are kept as their bytes; anything else
         * becomes a tree, written as before.
         */
        private void attributes(JsonParser p, byte[] body, Fields f) {
            int from = base + (int) p.currentTokenLocation().getByteOffset();
            boolean plain = true;
            List<String> names = null;
            for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                String name = p.currentName();
                if (plain) {
                    if (names == null) {
                        names = new ArrayList<>(8);
                    } else if (names.contains(name)) {
                        plain = false;
                    }
                    names.add(name);
                }
                JsonToken v = p.nextToken();
                if (v.isStructStart()) {
                    plain = false;
                    p.skipChildren();
                } else if (plain && v == JsonToken.VALUE_NUMBER_FLOAT) {
                    plain = p.getNumberType() == JsonParser.NumberType.DOUBLE
                            && Double.toString(p.getDoubleValue()).equals(p.getString());
                } else if (plain && v == JsonToken.VALUE_NUMBER_INT) {
                    plain = !(p.getString().startsWith("-0") || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER);
                }
            }
            int to = base + (int) p.currentLocation().getByteOffset();
            if (plain && (names == null || names.size() <= 32) && plainBytes(body, from, to)) {
                f.rawAttributes = new String(body, from, to - from, StandardCharsets.UTF_8);
            } else {
                f.attributes = json.readTree(body, from, to - from);
            }
        }

        /** As {@link ObservationCodec#canonical(JsonNode)}. */
        public Result canonical(JsonNode item) {
            // One pass over the members instead of a hash lookup per member (and two for some).
            Fields f = fields.clear();
            for (Map.Entry<String, JsonNode> e : item.properties()) {
                JsonNode v = e.getValue();
                switch (e.getKey()) {
                    case "observation_id" -> f.observationId = v.asString();
                    case "run_id" -> f.runId = v.asString();
                    case "parent_id" -> f.parent = text(v);
                    case "agent" -> f.agent = v.asString();
                    case "kind" -> f.kind = v.asString();
                    case "name" -> f.name = v.asString();
                    case "status" -> f.status = v.asString();
                    case "error" -> f.error = text(v);
                    case "started_at" -> f.startedAt = text(v);
                    case "ended_at" -> f.endedAt = text(v);
                    case "input_tokens" -> f.inputTokensNode = v;
                    case "output_tokens" -> f.outputTokensNode = v;
                    case "cost_usd" -> {
                        if (!v.isNull()) {
                            f.costUsd = v.doubleValue();
                            f.cost = v.decimalValue();
                        }
                    }
                    case "attributes" -> f.attributes = v.isObject() ? v : null;
                    default -> {
                        // the contract decides which members may appear; anything else is not kept
                    }
                }
            }
            return finish(f);
        }

        /**
         * The canonical observation for the item {@code buf[from, to)} (one JSON object), read without building a
         * tree; {@code null} as for {@link #canonical(JsonParser, byte[], int)}.
         */
        public Result canonical(byte[] buf, int from, int to) {
            try (JsonParser p = json.createParser(buf, from, to - from)) {
                return p.nextToken() == JsonToken.START_OBJECT ? canonical(p, buf, from) : null;
            }
        }

        /**
         * The canonical observation for the object whose START_OBJECT is the parser's current token, read without
         * building a tree (only its attributes become one); leaves the parser on the object's END_OBJECT. Meant for
         * an item the contract's fast path accepts; {@code null} when the item holds something this reader leaves
         * to the tree path (a huge number, a fraction for a count, a member of an unexpected type). {@code buf} is
         * the parser's input and {@code base} the offset the parser started at (its byte offsets are relative to it).
         */
        public Result canonical(JsonParser p, byte[] buf, int base) {
            this.input = buf;
            this.base = base;
            Fields f = fields.clear();
            for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                switch (key) {
                    case "observation_id" -> f.observationId = string(p, v);
                    case "run_id" -> f.runId = lastRunId = reuse(p, v, lastRunId);
                    case "parent_id" -> f.parent = v == JsonToken.VALUE_NULL ? null
                            : (lastParent = reuse(p, v, lastParent));
                    case "agent" -> f.agent = lastAgent = reuse(p, v, lastAgent);
                    case "kind" -> f.kind = lastKind = reuse(p, v, lastKind);
                    case "name" -> f.name = lastName = reuse(p, v, lastName);
                    case "status" -> f.status = lastStatus = reuse(p, v, lastStatus);
                    case "error" -> f.error = v == JsonToken.VALUE_NULL ? null : string(p, v);
                    case "started_at" -> f.startedAt = string(p, v);
                    case "ended_at" -> f.endedAt = string(p, v);
                    case "input_tokens" -> f.inputTokens = count(p, v);
                    case "output_tokens" -> f.outputTokens = count(p, v);
                    case "cost_usd" -> {
                        if (v == JsonToken.VALUE_NUMBER_FLOAT) {
                            f.costUsd = p.getDoubleValue();
                            // what the tree's DoubleNode.decimalValue() gives
                            f.cost = BigDecimal.valueOf(f.costUsd);
                        } else if (v == JsonToken.VALUE_NUMBER_INT
                                && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                            f.cost = BigDecimal.valueOf(p.getLongValue());
                            f.costUsd = f.cost.doubleValue();
                        } else if (v != JsonToken.VALUE_NULL) {
                            f.bail = true;
                        }
                    }
                    case "attributes" -> {
                        if (v == JsonToken.START_OBJECT) {
                            attributes(p, buf, f);
                        } else {
                            f.bail = true;
                        }
                    }
                    default -> {
                        // the contract decides which members may appear; anything else is not kept
                    }
                }
                p.skipChildren(); // a value of an unexpected type, or one not kept (no-op for scalars and trees)
            }
            if (f.bail || f.observationId == null || f.runId == null || f.agent == null || f.kind == null
                    || f.name == null || f.status == null) {
                return null;
            }
            return finish(f);
        }

        private Result finish(Fields f) {
            List<ValidationError> errors = new ArrayList<>(1);
            long started = nanos(f.startedAt, "started_at", errors);
            long ended = nanos(f.endedAt, "ended_at", errors);
            if (errors.isEmpty() && ended < started) {
                errors.add(new ValidationError.Schema("ended_at", "must not be before started_at"));
            }
            if (f.inputTokensNode != null) {
                f.inputTokens = tokens(f.inputTokensNode, "input_tokens", errors);
            }
            if (f.outputTokensNode != null) {
                f.outputTokens = tokens(f.outputTokensNode, "output_tokens", errors);
            }
            if (!errors.isEmpty()) {
                return new Rejected(errors);
            }
            buf.reset();
            g.writeStartObject();
            g.writeName("started_at");
            g.writeString(time, 0, instant(started, time));
            g.writeStringProperty("observation_id", f.observationId);
            g.writeStringProperty("run_id", f.runId);
            if (f.parent != null) {
                g.writeStringProperty("parent_id", f.parent);
            }
            g.writeStringProperty("agent", f.agent);
            g.writeStringProperty("kind", f.kind);
            g.writeStringProperty("name", f.name);
            g.writeName("ended_at");
            g.writeString(time, 0, instant(ended, time));
            g.writeStringProperty("status", f.status);
            if (f.error != null) {
                g.writeStringProperty("error", f.error);
            }
            if (f.rawAttributes != null) {
                g.writeName("attributes");
                g.writeRawValue(f.rawAttributes);
            } else if (f.attributes != null) {
                g.writeName("attributes");
                write(g, f.attributes);
            }
            if (f.inputTokens >= 0) {
                g.writeNumberProperty("input_tokens", f.inputTokens);
            }
            if (f.outputTokens >= 0) {
                g.writeNumberProperty("output_tokens", f.outputTokens);
            }
            if (f.cost != null) {
                g.writeName("cost_usd");
                g.writeNumber(f.cost);
            }
            g.writeEndObject();
            g.flush();
            return new Ok(new Observation(f.observationId, f.runId, f.parent, common(f.agent), common(f.kind),
                    common(f.name), started, ended, "error".equals(f.status), f.inputTokens, f.outputTokens,
                    f.cost == null ? Double.NaN : f.costUsd, buf.line()));
        }

        /**
         * The canonical observation for the item {@code b[from, to)}, an object the contract's fast path has accepted
         * (so valid JSON, valid UTF-8, every required member of the right type), read and written as bytes with
         * neither a parser nor a generator: member values are copied as they are when they are already in the form
         * the generator writes (strings without escapes, integers, attributes as {@link #attributes} keeps them raw).
         * {@code null} when the item holds anything else (an escape, a fraction for a count, nested attributes...):
         * the caller then reads it with {@link #canonical(byte[], int, int)}, whose output this one equals.
         */
        public Result canonicalAccepted(byte[] b, int from, int to) {
            if (b[from] != '{') {
                return null;
            }
            Raw r = raw.clear();
            int p = ws(b, from + 1);
            if (b[p] == '}') {
                return null;
            }
            while (true) {
                if (b[p] != '"') {
                    return null;
                }
                int ks = p + 1;
                int ke = ks;
                while (b[ke] != '"') {
                    if (b[ke] == '\\') {
                        return null;
                    }
                    ke++;
                }
                p = ws(b, ke + 1);
                if (b[p] != ':') {
                    return null;
                }
                p = ws(b, p + 1);
                int key = Raw.key(b, ks, ke);
                int vs = p;
                int ve;
                byte c = b[p];
                if (c == '"') {
                    ve = p + 1;
                    while (b[ve] != '"') {
                        if (b[ve] == '\\') {
                            return null;
                        }
                        ve++;
                    }
                    ve++;
                } else if (c == '{' || c == '[') {
                    if (key != Raw.ATTRIBUTES) {
                        return null;
                    }
                    ve = r.attributes(b, p);
                    if (ve < 0) {
                        return null;
                    }
                } else {
                    ve = p;
                    while (ve < to && b[ve] != ',' && b[ve] != '}' && b[ve] != ' ' && b[ve] != '\t' && b[ve] != '\n'
                            && b[ve] != '\r') {
                        ve++;
                    }
                }
                if (key >= 0 && !r.set(key, b, vs, ve)) {
                    return null;
                }
                p = ws(b, ve);
                if (b[p] == ',') {
                    p = ws(b, p + 1);
                } else if (b[p] == '}') {
                    break;
                } else {
                    return null;
                }
            }
            if (r.from[Raw.OBSERVATION_ID] < 0 || r.from[Raw.RUN_ID] < 0 || r.from[Raw.AGENT] < 0
                    || r.from[Raw.KIND] < 0 || r.from[Raw.NAME] < 0 || r.from[Raw.STATUS] < 0) {
                return null;
            }
            List<ValidationError> errors = new ArrayList<>(0);
            long started = r.nanos(b, Raw.STARTED_AT, "started_at", errors);
            long ended = r.nanos(b, Raw.ENDED_AT, "ended_at", errors);
            if (errors.isEmpty() && ended < started) {
                errors.add(new ValidationError.Schema("ended_at", "must not be before started_at"));
            }
            if (!errors.isEmpty()) {
                return new Rejected(errors);
            }
            Buffer o = buf;
            o.reset();
            o.ascii("{\"started_at\":\"");
            o.ascii(time, instant(started, time));
            o.ascii("\",\"observation_id\":");
            r.copy(o, b, Raw.OBSERVATION_ID);
            o.ascii(",\"run_id\":");
            r.copy(o, b, Raw.RUN_ID);
            if (r.from[Raw.PARENT_ID] >= 0) {
                o.ascii(",\"parent_id\":");
                r.copy(o, b, Raw.PARENT_ID);
            }
            o.ascii(",\"agent\":");
            r.copy(o, b, Raw.AGENT);
            o.ascii(",\"kind\":");
            r.copy(o, b, Raw.KIND);
            o.ascii(",\"name\":");
            r.copy(o, b, Raw.NAME);
            o.ascii(",\"ended_at\":\"");
            o.ascii(time, instant(ended, time));
            o.ascii("\",\"status\":");
            r.copy(o, b, Raw.STATUS);
            if (r.from[Raw.ERROR] >= 0) {
                o.ascii(",\"error\":");
                r.copy(o, b, Raw.ERROR);
            }
            if (r.from[Raw.ATTRIBUTES] >= 0) {
                o.ascii(",\"attributes\":");
                r.copy(o, b, Raw.ATTRIBUTES);
            }
            if (r.inputTokens >= 0) {
                o.ascii(",\"input_tokens\":");
                r.copy(o, b, Raw.INPUT_TOKENS);
            }
            if (r.outputTokens >= 0) {
                o.ascii(",\"output_tokens\":");
                r.copy(o, b, Raw.OUTPUT_TOKENS);
            }
            if (r.costText != null) {
                o.ascii(",\"cost_usd\":");
                o.ascii(r.costText);
            }
            o.write('}');
            String status = lastStatus = reuse(b, Raw.STATUS, lastStatus);
            String parent = r.from[Raw.PARENT_ID] < 0 ? null : (lastParent = reuse(b, Raw.PARENT_ID, lastParent));
            return new Ok(new Observation(r.string(b, Raw.OBSERVATION_ID), lastRunId = reuse(b, Raw.RUN_ID, lastRunId),
                    parent, lastAgent = shared(b, Raw.AGENT, lastAgent), lastKind = shared(b, Raw.KIND, lastKind),
                    lastName = shared(b, Raw.NAME, lastName),
                    started, ended, "error".equals(status), r.inputTokens, r.outputTokens, r.costUsd, o.line()));
        }

        /** {@link #reuse} as the codec's shared instance: {@code previous} already is one, a new value is looked up. */
        private String shared(byte[] b, int key, String previous) {
            String s = reuse(b, key, previous);
            return s == previous ? s : common(s);
        }

        /** The string member {@code key} of the raw item; {@code previous} itself when it has the same value. */
        private String reuse(byte[] b, int key, String previous) {
            int f = raw.from[key] + 1;
            int t = raw.to[key] - 1;
            if (previous != null && previous.length() == t - f) {
                int i = 0;
                while (i < t - f && b[f + i] == previous.charAt(i)) {
                    i++;
                }
                if (i == t - f) {
                    return previous; // ASCII and equal (a non-ASCII byte never equals a char here)
                }
            }
            return new String(b, f, t - f, StandardCharsets.UTF_8);
        }

        private String string(JsonParser p, JsonToken v) {
            if (v != JsonToken.VALUE_STRING) {
                fields.bail = true;
                return null;
            }
            return p.getString();
        }

        /** The string value at the parser; {@code previous} itself when equal (no new String). */
        private String reuse(JsonParser p, JsonToken v, String previous) {
            if (v != JsonToken.VALUE_STRING) {
                fields.bail = true;
                return previous;
            }
            if (previous != null && p.hasStringCharacters()) {
                int n = p.getStringLength();
                if (n == previous.length()) {
                    char[] chars = p.getStringCharacters();
                    int off = p.getStringOffset();
                    int i = 0;
                    while (i < n && chars[off + i] == previous.charAt(i)) {
                        i++;
                    }
                    if (i == n) {
                        return previous;
                    }
                }
            }
            return p.getString();
        }

        private long count(JsonParser p, JsonToken v) {
            if (v == JsonToken.VALUE_NULL) {
                return -1;
            }
            if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                fields.bail = true;
                return -1;
            }
            return p.getLongValue();
        }

        @Override
        public void close() {
            g.close();
            if (itemGen != null) {
                itemGen.close();
            }
        }
    }

    /** The members of one item, as either reader found them. */
    private static final class Fields {
        String observationId;
        String runId;
        String parent;
        String agent;
        String kind;
        String name;
        String status;
        String error;
        String startedAt;
        String endedAt;
        long inputTokens;
        long outputTokens;
        JsonNode inputTokensNode;
        JsonNode outputTokensNode;
        double costUsd;
        BigDecimal cost;
        JsonNode attributes;
        String rawAttributes;
        boolean bail;

        Fields clear() {
            observationId = runId = parent = agent = kind = name = status = error = startedAt = endedAt = null;
            inputTokens = outputTokens = -1;
            costUsd = Double.NaN;
            cost = null;
            attributes = inputTokensNode = outputTokensNode = null;
            rawAttributes = null;
            bail = false;
            return this;
        }
    }

    private static int ws(byte[] b, int p) {
        while (b[p] == ' ' || b[p] == '\t' || b[p] == '\n' || b[p] == '\r') {
            p++;
        }
        return p;
    }

    /** The members of one item as byte ranges of its input (see {@link Writer#canonicalAccepted}). */
    private static final class Raw {
        static final int OBSERVATION_ID = 0;
        static final int RUN_ID = 1;
        static final int PARENT_ID = 2;
        static final int AGENT = 3;
        static final int KIND = 4;
        static final int NAME = 5;
        static final int STARTED_AT = 6;
        static final int ENDED_AT = 7;
        static final int STATUS = 8;
        static final int ERROR = 9;
        static final int ATTRIBUTES = 10;
        static final int INPUT_TOKENS = 11;
        static final int OUTPUT_TOKENS = 12;
        static final int COST_USD = 13;
        private static final byte[][] KEYS = {bytes("observation_id"), bytes("run_id"), bytes("parent_id"),
            bytes("agent"), bytes("kind"), bytes("name"), bytes("started_at"), bytes("ended_at"), bytes("status"),
            bytes("error"), bytes("attributes"), bytes("input_tokens"), bytes("output_tokens"), bytes("cost_usd")};

        /** Where each member's value starts and ends (string values with their quotes); -1: absent or null. */
        final int[] from = new int[KEYS.length];
        final int[] to = new int[KEYS.length];
        long inputTokens;
        long outputTokens;
        double costUsd;
        String costText;
        /** The last cost read and its canonical text: a batch mostly repeats a few prices. */
        private final byte[] lastCost = new byte[32];
        private int lastCostLength = -1;
        private String lastCostText;
        private double lastCostValue;
        /** Attribute names seen in the current attributes object (from, to pairs). */
        private final int[] names = new int[64];

        private static byte[] bytes(String s) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }

        Raw clear() {
            java.util.Arrays.fill(from, -1);
            inputTokens = outputTokens = -1;
            costUsd = Double.NaN;
            costText = null;
            return this;
        }

        /** The member index of the key {@code b[from, to)}, -1 for a member not kept. */
        static int key(byte[] b, int from, int to) {
            // By length and first byte, then one comparison (a loop over every name was a third of this reader).
            int k = switch (to - from) {
                case 4 -> b[from] == 'k' ? KIND : NAME;
                case 5 -> b[from] == 'a' ? AGENT : ERROR;
                case 6 -> b[from] == 'r' ? RUN_ID : STATUS;
                case 8 -> b[from] == 'e' ? ENDED_AT : COST_USD;
                case 9 -> PARENT_ID;
                case 10 -> b[from] == 's' ? STARTED_AT : ATTRIBUTES;
                case 12 -> INPUT_TOKENS;
                case 13 -> OUTPUT_TOKENS;
                case 14 -> OBSERVATION_ID;
                default -> -1;
            };
            return k >= 0 && java.util.Arrays.equals(KEYS[k], 0, KEYS[k].length, b, from, to) ? k : -1;
        }

        /** Records member {@code key} = {@code b[vs, ve)}; false when its value is not of the form copied as is. */
        boolean set(int key, byte[] b, int vs, int ve) {
            boolean isNull = ve - vs == 4 && b[vs] == 'n';
            boolean isString = b[vs] == '"';
            switch (key) {
                case PARENT_ID, ERROR -> {
                    if (isNull) {
                        from[key] = -1;
                        return true;
                    }
                    if (!isString) {
                        return false;
                    }
                }
                case INPUT_TOKENS, OUTPUT_TOKENS -> {
                    long v = isNull ? -1 : count(b, vs, ve);
                    if (v < -1) {
                        return false;
                    }
                    if (key == INPUT_TOKENS) {
                        inputTokens = v;
                    } else {
                        outputTokens = v;
                    }
                }
                case COST_USD -> {
                    if (isNull) {
                        costUsd = Double.NaN;
                        costText = null;
                        return true;
                    }
                    return cost(b, vs, ve);
                }
                case ATTRIBUTES -> {
                    if (b[vs] != '{') {
                        return false;
                    }
                }
                default -> {
                    if (!isString) {
                        return false;
                    }
                }
            }
            from[key] = vs;
            to[key] = ve;
            return true;
        }

        /** A count: digits only, at most 18 of them (so a long); -2 for anything else. */
        private static long count(byte[] b, int from, int to) {
            if (to - from > 18 || to == from) {
                return -2;
            }
            long v = 0;
            for (int i = from; i < to; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    return -2;
                }
                v = v * 10 + d;
            }
            return v;
        }

        /** A cost as the generator writes it: the BigDecimal the tree reader makes of the number. */
        private boolean cost(byte[] b, int from, int to) {
            int n = to - from;
            if (n > lastCost.length || n == 0 || b[from] == '-') {
                return false;
            }
            if (n == lastCostLength && java.util.Arrays.equals(lastCost, 0, n, b, from, to)) {
                costText = lastCostText;
                costUsd = lastCostValue;
                return true;
            }
            String text = new String(b, from, n, StandardCharsets.US_ASCII);
            boolean fraction = false;
            for (int i = from; i < to; i++) {
                byte c = b[i];
                if (c == '.' || c == 'e' || c == 'E') {
                    fraction = true;
                } else if (!(c >= '0' && c <= '9' || c == '+' || c == '-')) {
                    return false;
                }
            }
            if (fraction) {
                double d = Double.parseDouble(text);
                if (Double.isInfinite(d)) {
                    return false;
                }
                costUsd = d;
                costText = BigDecimal.valueOf(d).toString();
            } else {
                long v = count(b, from, to);
                if (v < 0) {
                    return false;
                }
                costText = BigDecimal.valueOf(v).toString();
                costUsd = BigDecimal.valueOf(v).doubleValue();
            }
            System.arraycopy(b, from, lastCost, 0, n);
            lastCostLength = n;
            lastCostText = costText;
            lastCostValue = costUsd;
            return true;
        }

        /**
         * Scans the attributes object at {@code p} and answers the offset just past it, or -1 unless it is in the
         * form {@link Writer#attributes} keeps as bytes: at most 32 members, distinct names, scalar values, numbers in
         * their shortest form, no escape and no whitespace.
         */
        int attributes(byte[] b, int p) {
            if (b[p] != '{') {
                return -1;
            }
            p++;
            if (b[p] == '}') {
                return p + 1;
            }
            int count = 0;
            while (true) {
                if (b[p] != '"' || count == 32) {
                    return -1;
                }
                int ks = ++p;
                while (b[p] != '"') {
                    if (b[p] == '\\') {
                        return -1;
                    }
                    p++;
                }
                int ke = p++;
                for (int i = 0; i < count; i++) {
                    if (java.util.Arrays.equals(b, names[2 * i], names[2 * i + 1], b, ks, ke)) {
                        return -1;
                    }
                }
                names[2 * count] = ks;
                names[2 * count + 1] = ke;
                count++;
                if (b[p++] != ':') {
                    return -1;
                }
                byte c = b[p];
                if (c == '"') {
                    p++;
                    while (b[p] != '"') {
                        if (b[p] == '\\') {
                            return -1;
                        }
                        p++;
                    }
                    p++;
                } else if (c == 't' || c == 'f' || c == 'n') {
                    p += c == 'f' ? 5 : 4;
                } else if (c == '-' || c >= '0' && c <= '9') {
                    int s = p;
                    boolean fraction = false;
                    while (b[p] != ',' && b[p] != '}') {
                        byte d = b[p];
                        if (d == '.' || d == 'e' || d == 'E') {
                            fraction = true;
                        } else if (d == ' ' || d == '\t' || d == '\n' || d == '\r') {
                            return -1;
                        }
                        p++;
                    }
                    if (!shortestNumber(b, s, p, fraction)) {
                        return -1;
                    }
                } else {
                    return -1; // nested object or array, or whitespace
                }
                if (b[p] == ',') {
                    p++;
                } else if (b[p] == '}') {
                    return p + 1;
                } else {
                    return -1;
                }
            }
        }

        /** Fractions already found in their shortest form (attributes repeat a few, e.g. a temperature). */
        private final byte[][] shortFractions = new byte[8][];
        private int nextShortFraction;

        /** Whether the generator writes the parsed number back with these very characters. */
        private boolean shortestNumber(byte[] b, int from, int to, boolean fraction) {
            if (!fraction) {
                int digits = to - from - (b[from] == '-' ? 1 : 0);
                return digits <= 18 && !(b[from] == '-' && b[from + 1] == '0');
            }
            for (byte[] known : shortFractions) {
                if (known != null && java.util.Arrays.equals(known, 0, known.length, b, from, to)) {
                    return true;
                }
            }
            String text = new String(b, from, to - from, StandardCharsets.US_ASCII);
            if (!Double.toString(Double.parseDouble(text)).equals(text)) {
                return false;
            }
            shortFractions[nextShortFraction] = java.util.Arrays.copyOfRange(b, from, to);
            nextShortFraction = (nextShortFraction + 1) % shortFractions.length;
            return true;
        }

        /** The date-time member {@code key} as epoch nanoseconds (see {@link ObservationCodec#nanos}). */
        long nanos(byte[] b, int key, String field, List<ValidationError> errors) {
            if (from[key] < 0) {
                return unreadable(null, field, errors);
            }
            try {
                return checkedNanos(Rfc3339.epochNanos(b, from[key] + 1, to[key] - 1), field, errors);
            } catch (RuntimeException e) {
                return unreadable(e, field, errors);
            }
        }

        String string(byte[] b, int key) {
            return new String(b, from[key] + 1, to[key] - from[key] - 2, StandardCharsets.UTF_8);
        }

        void copy(Buffer o, byte[] b, int key) {
            o.write(b, from[key], to[key] - from[key]);
        }
    }

    /** Whether {@code b[from, to)} has no escape and no whitespace outside strings (as the generator writes JSON). */
    static boolean plainBytes(byte[] b, int from, int to) {
        boolean inString = false;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == '\\') {
                return false;
            }
            if (c == '"') {
                inString = !inString;
            } else if (!inString && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
                return false;
            }
        }
        return true;
    }

    /** The generator's sink: resettable per line; a root-value separator the generator puts first is dropped. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(512);
        }

        void ascii(String s) {
            int n = s.length();
            ensureCapacity(count + n);
            for (int i = 0; i < n; i++) {
                buf[count++] = (byte) s.charAt(i);
            }
        }

        void ascii(char[] chars, int n) {
            ensureCapacity(count + n);
            for (int i = 0; i < n; i++) {
                buf[count++] = (byte) chars[i];
            }
        }

        private void ensureCapacity(int n) {
            if (n > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(n, buf.length * 2));
            }
        }

        byte[] line() {
            int from = 0;
            while (from < count && buf[from] == ' ') {
                from++;
            }
            return java.util.Arrays.copyOfRange(buf, from, count);
        }
    }

    /**
     * Writes a parsed value as the tree serializer does (same tokens, same number forms) without the databind
     * machinery around it, which was most of the cost of copying an item's attributes.
     */
    static void write(JsonGenerator g, JsonNode n) {
        switch (n.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> e : n.properties()) {
                    g.writeName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode x : n) {
                    write(g, x);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(n.stringValue());
            case BOOLEAN -> g.writeBoolean(n.booleanValue());
            case NULL -> g.writeNull();
            case NUMBER -> {
                if (n.isInt()) {
                    g.writeNumber(n.intValue());
                } else if (n.isLong()) {
                    g.writeNumber(n.longValue());
                } else if (n.isDouble()) {
                    g.writeNumber(n.doubleValue());
                } else {
                    g.writeTree(n); // big integers and decimals, floats: rare, left to the tree serializer
                }
            }
            default -> g.writeTree(n); // binary, POJO: never in a parsed body
        }
    }

    /**
     * {@code Instant.ofEpochSecond(0, nanos).toString()} into {@code out} (years 1970-2262): the fraction in groups of
     * three digits, as many as needed. Returns the length.
     */
    static int instant(long nanos, char[] out) {
        long seconds = Math.floorDiv(nanos, 1_000_000_000L);
        int nano = (int) Math.floorMod(nanos, 1_000_000_000L);
        long days = Math.floorDiv(seconds, 86_400L);
        int secOfDay = (int) Math.floorMod(seconds, 86_400L);
        // civil-from-days (H. Hinnant), valid for the whole range of epoch-nanosecond longs
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        put(out, 0, year, 4);
        out[4] = '-';
        put(out, 5, month, 2);
        out[7] = '-';
        put(out, 8, day, 2);
        out[10] = 'T';
        put(out, 11, secOfDay / 3600, 2);
        out[13] = ':';
        put(out, 14, secOfDay / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, secOfDay % 60, 2);
        int at = 19;
        if (nano != 0) {
            out[at++] = '.';
            if (nano % 1_000_000 == 0) {
                put(out, at, nano / 1_000_000, 3);
                at += 3;
            } else if (nano % 1_000 == 0) {
                put(out, at, nano / 1_000, 6);
                at += 6;
            } else {
                put(out, at, nano, 9);
                at += 9;
            }
        }
        out[at++] = 'Z';
        return at;
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Reads a canonical line back (start-up replay, snapshots). */
    public Observation parse(byte[] line) {
        JsonNode n = json.readTree(line);
        JsonNode in = n.get("input_tokens");
        JsonNode out = n.get("output_tokens");
        JsonNode cost = n.get("cost_usd");
        return new Observation(n.get("observation_id").asString(), n.get("run_id").asString(), text(n.get("parent_id")),
                common(n.get("agent").asString()), common(n.get("kind").asString()), common(n.get("name").asString()),
                Rfc3339.epochNanos(n.get("started_at").asString()),
                Rfc3339.epochNanos(n.get("ended_at").asString()), "error".equals(n.get("status").asString()),
                in == null ? -1 : in.longValue(), out == null ? -1 : out.longValue(),
                cost == null ? Double.NaN : cost.doubleValue(), line);
    }

    private String common(String s) {
        String known = common.get(s);
        if (known != null) {
            return known;
        }
        if (common.size() < MAX_COMMON) {
            known = common.putIfAbsent(s, s);
        }
        return known != null ? known : s;
    }

    /** Splits a journal entry (canonical lines joined by newlines) into observations. */
    public List<Observation> parseAll(byte[] ndjson) {
        List<Observation> all = new ArrayList<>();
        forEachLine(ndjson, (from, to) -> all.add(parse(java.util.Arrays.copyOfRange(ndjson, from, to))));
        return all;
    }

    /** The UTC day of a canonical line, read from its first bytes. */
    public static LocalDate day(byte[] line, int from) {
        return day(line, from, null);
    }

    /**
     * The UTC day of a canonical line; {@code previous} (may be null) is returned when the line has the same day,
     * which is the rule within a batch (parsing a date per line was a third of the lake export's CPU).
     */
    public static LocalDate day(byte[] line, int from, LocalDate previous) {
        for (int i = 0; i < DAY_PREFIX.length; i++) {
            if (line[from + i] != DAY_PREFIX[i]) {
                throw new IllegalArgumentException("not a canonical observation line");
            }
        }
        int d = from + DAY_PREFIX.length;
        if (line[d + 4] != '-' || line[d + 7] != '-') {
            throw new IllegalArgumentException("not a canonical observation line");
        }
        int year = number(line, d, 4);
        int month = number(line, d + 5, 2);
        int day = number(line, d + 8, 2);
        if (previous != null && previous.getYear() == year && previous.getMonthValue() == month
                && previous.getDayOfMonth() == day) {
            return previous;
        }
        return LocalDate.of(year, month, day);
    }

    private static int number(byte[] b, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int c = b[i] - '0';
            if (c < 0 || c > 9) {
                throw new IllegalArgumentException("not a canonical observation line");
            }
            v = v * 10 + c;
        }
        return v;
    }

    /** Joins canonical lines into one journal entry. */
    public static byte[] join(List<Observation> observations) {
        int size = 0;
        for (Observation o : observations) {
            size += o.line().length + 1;
        }
        byte[] all = new byte[size];
        int at = 0;
        for (Observation o : observations) {
            System.arraycopy(o.line(), 0, all, at, o.line().length);
            at += o.line().length;
            all[at++] = '\n';
        }
        return all;
    }

    /** Calls {@code line} with the bounds of every non-empty line. */
    public static void forEachLine(byte[] ndjson, LineConsumer line) {
        int start = 0;
        for (int i = 0; i <= ndjson.length; i++) {
            if (i == ndjson.length || ndjson[i] == '\n') {
                if (i > start) {
                    line.accept(start, i);
                }
                start = i + 1;
            }
        }
    }

    /** Receives the bounds of one line. */
    @FunctionalInterface
    public interface LineConsumer {
        void accept(int from, int to);
    }

    public static long epochNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    private static long nanos(String value, String field, List<ValidationError> errors) {
        try {
            return checkedNanos(Rfc3339.epochNanos(value), field, errors);
        } catch (RuntimeException e) {
            return unreadable(e, field, errors);
        }
    }

    private static long checkedNanos(long nanos, String field, List<ValidationError> errors) {
        if (nanos < 0) {
            errors.add(new ValidationError.Schema(field, "must be between 1970 and 2262"));
            return 0;
        }
        return nanos;
    }

    /** The error for a date-time that could not be read ({@code failure} null: missing). */
    private static long unreadable(RuntimeException failure, String field, List<ValidationError> errors) {
        errors.add(new ValidationError.Schema(field, failure instanceof ArithmeticException
                ? "must be between 1970 and 2262" : "must be a date-time observerd can represent"));
        return 0;
    }

    private static long tokens(JsonNode value, String field, List<ValidationError> errors) {
        if (value == null || value.isNull()) {
            return -1;
        }
        if (!value.canConvertToLong()) {
            errors.add(new ValidationError.Schema(field, "must be at most " + Long.MAX_VALUE));
            return -1;
        }
        return value.longValue();
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.asString();
    }

}
