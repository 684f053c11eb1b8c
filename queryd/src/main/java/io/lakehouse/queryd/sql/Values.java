package io.lakehouse.queryd.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBStruct;

/**
 * Maps DuckDB values to JSON-ready Java values (String, Long, Integer, Double, Boolean, List, Map, null):
 * integers beyond 2^53, HUGEINT, UBIGINT and DECIMAL as strings; DATE as {@code 2026-11-24}; TIMESTAMP and
 * TIMESTAMPTZ as RFC 3339 in UTC; LIST and ARRAY as lists; STRUCT and MAP as objects; BLOB as base64; NaN and the
 * infinities as strings.
 */
final class Values {
    /** Largest integer a JSON reader holding doubles represents exactly. */
    static final long MAX_EXACT = 1L << 53;

    private Values() {
    }

    /** How a top-level column is read: a typed getter where one is exact, else getObject. */
    enum Kind {
        BOOLEAN, INT, LONG, DOUBLE, STRING, EXACT_TEXT, TIMESTAMP, OTHER;

        static Kind of(String typeName) {
            String t = typeName.toUpperCase(java.util.Locale.ROOT);
            return switch (t) {
                case "BOOLEAN" -> BOOLEAN;
                case "TINYINT", "SMALLINT", "INTEGER", "UTINYINT", "USMALLINT" -> INT;
                case "BIGINT", "UINTEGER" -> LONG;
                case "FLOAT", "DOUBLE" -> DOUBLE;
                case "VARCHAR" -> STRING;
                case "HUGEINT", "UHUGEINT", "UBIGINT" -> EXACT_TEXT;
                case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS" -> TIMESTAMP;
                default -> t.startsWith("DECIMAL") ? EXACT_TEXT : OTHER;
            };
        }
    }

    static Object read(ResultSet rs, int column, Kind kind) throws SQLException {
        switch (kind) {
            case BOOLEAN -> {
                boolean v = rs.getBoolean(column);
                return rs.wasNull() ? null : v;
            }
            case INT -> {
                int v = rs.getInt(column);
                return rs.wasNull() ? null : v;
            }
            case LONG -> {
                long v = rs.getLong(column);
                return rs.wasNull() ? null : ofLong(v);
            }
            case DOUBLE -> {
                double v = rs.getDouble(column);
                return rs.wasNull() ? null : ofDouble(v);
            }
            case STRING -> {
                return rs.getString(column);
            }
            case TIMESTAMP -> {
                // LocalDateTime, not java.sql.Timestamp: no detour through the JVM's time zone.
                LocalDateTime t = rs.getObject(column, LocalDateTime.class);
                return t == null ? null : utc(t);
            }
            default -> {
                return convert(rs.getObject(column));
            }
        }
    }

    static Object ofLong(long v) {
        return v > MAX_EXACT || v < -MAX_EXACT ? Long.toString(v) : (Object) v;
    }

    static Object ofDouble(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        return v;
    }

    /** Converts a value getObject returned, at any depth. */
    static Object convert(Object o) throws SQLException {
        return switch (o) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Integer i -> i;
            case Short s -> s.intValue();
            case Byte b -> b.intValue();
            case Long l -> ofLong(l);
            case Double d -> ofDouble(d);
            case Float f -> Float.isNaN(f) || Float.isInfinite(f) ? ofDouble(f) : (Object) Double.parseDouble(f.toString());
            case BigInteger b -> b.toString();
            case BigDecimal d -> d.toPlainString();
            case LocalDate d -> d.toString();
            case LocalTime t -> DateTimeFormatter.ISO_LOCAL_TIME.format(t);
            case OffsetTime t -> DateTimeFormatter.ISO_OFFSET_TIME.format(t);
            case Timestamp t -> utc(t.toLocalDateTime());
            case LocalDateTime t -> utc(t);
            case OffsetDateTime t -> utc(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
            case java.util.UUID u -> u.toString();
            case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
            case Blob b -> Base64.getEncoder().encodeToString(b.getBytes(1, Math.toIntExact(b.length())));
            case Array a -> list((Object[]) a.getArray());
            case DuckDBStruct s -> object(s.getMap());
            case Struct s -> list(s.getAttributes());
            case Map<?, ?> m -> object(m);
            case java.util.Date d -> d.toInstant().toString();
            default -> o.toString();
        };
    }

    /** RFC 3339 in UTC; seconds always written, the fraction only when not zero. */
    static String utc(LocalDateTime t) {
        return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t) + "Z";
    }

    private static List<Object> list(Object[] items) throws SQLException {
        List<Object> out = new ArrayList<>(items.length);
        for (Object item : items) {
            out.add(convert(item));
        }
        return out;
    }

    private static Map<String, Object> object(Map<?, ?> m) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : m.entrySet()) {
            Object key = convert(e.getKey());
            out.put(String.valueOf(key), convert(e.getValue()));
        }
        return out;
    }
}
