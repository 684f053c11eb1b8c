package io.lakehouse.observerd.observation;

import io.lakehouse.validation.ValidationError;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonGenerator;
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
     * cannot express (order of the timestamps, their range).
     */
    public Result canonical(JsonNode item) {
        List<ValidationError> errors = new ArrayList<>(1);
        long started = nanos(item.get("started_at"), "started_at", errors);
        long ended = nanos(item.get("ended_at"), "ended_at", errors);
        if (errors.isEmpty() && ended < started) {
            errors.add(new ValidationError.Schema("ended_at", "must not be before started_at"));
        }
        long in = tokens(item.get("input_tokens"), "input_tokens", errors);
        long out = tokens(item.get("output_tokens"), "output_tokens", errors);
        if (!errors.isEmpty()) {
            return new Rejected(errors);
        }
        String parent = text(item.get("parent_id"));
        String error = text(item.get("error"));
        JsonNode cost = item.get("cost_usd");
        double costUsd = cost == null || cost.isNull() ? Double.NaN : cost.doubleValue();
        JsonNode attributes = item.get("attributes");
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        try (JsonGenerator g = json.createGenerator(buf)) {
            g.writeStartObject();
            g.writeStringProperty("started_at", Instant.ofEpochSecond(0, started).toString());
            g.writeStringProperty("observation_id", item.get("observation_id").asString());
            g.writeStringProperty("run_id", item.get("run_id").asString());
            if (parent != null) {
                g.writeStringProperty("parent_id", parent);
            }
            g.writeStringProperty("agent", item.get("agent").asString());
            g.writeStringProperty("kind", item.get("kind").asString());
            g.writeStringProperty("name", item.get("name").asString());
            g.writeStringProperty("ended_at", Instant.ofEpochSecond(0, ended).toString());
            g.writeStringProperty("status", item.get("status").asString());
            if (error != null) {
                g.writeStringProperty("error", error);
            }
            if (attributes != null && attributes.isObject()) {
                g.writeName("attributes");
                g.writeTree(attributes);
            }
            if (in >= 0) {
                g.writeNumberProperty("input_tokens", in);
            }
            if (out >= 0) {
                g.writeNumberProperty("output_tokens", out);
            }
            if (!Double.isNaN(costUsd)) {
                g.writeName("cost_usd");
                g.writeNumber(cost.decimalValue());
            }
            g.writeEndObject();
        }
        return new Ok(new Observation(item.get("observation_id").asString(), item.get("run_id").asString(), parent,
                common(item.get("agent").asString()), common(item.get("kind").asString()),
                common(item.get("name").asString()), started, ended,
                "error".equals(item.get("status").asString()), in, out, costUsd, buf.toByteArray()));
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
        for (int i = 0; i < DAY_PREFIX.length; i++) {
            if (line[from + i] != DAY_PREFIX[i]) {
                throw new IllegalArgumentException("not a canonical observation line");
            }
        }
        int d = from + DAY_PREFIX.length;
        return LocalDate.parse(new String(line, d, 10, StandardCharsets.US_ASCII));
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

    private static long nanos(JsonNode value, String field, List<ValidationError> errors) {
        try {
            long nanos = Rfc3339.epochNanos(value.asString());
            if (nanos < 0) {
                errors.add(new ValidationError.Schema(field, "must be between 1970 and 2262"));
                return 0;
            }
            return nanos;
        } catch (ArithmeticException e) {
            errors.add(new ValidationError.Schema(field, "must be between 1970 and 2262"));
            return 0;
        } catch (RuntimeException e) {
            errors.add(new ValidationError.Schema(field, "must be a date-time observerd can represent"));
            return 0;
        }
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
