package io.lakehouse.materializer.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Contract property types to DuckDB column types, so that every file of a dataset has the same schema whatever its
 * rows: string VARCHAR, integer BIGINT, number DOUBLE, boolean BOOLEAN, format date DATE, format date-time
 * TIMESTAMPTZ, arrays LIST of their items, objects with properties STRUCT, anything open-ended JSON.
 */
final class ColumnTypes {
    private ColumnTypes() {
    }

    /** Top-level columns in contract order. */
    static Map<String, String> of(JsonNode contract) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode props = contract.path("properties");
        if (props.isObject()) {
            for (Map.Entry<String, JsonNode> p : props.properties()) {
                out.put(p.getKey(), type(p.getValue()));
            }
        }
        return out;
    }

    static String type(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return "JSON";
        }
        List<String> types = new ArrayList<>();
        JsonNode t = schema.get("type");
        if (t != null && t.isString()) {
            types.add(t.asString());
        } else if (t != null && t.isArray()) {
            t.forEach(v -> {
                if (!"null".equals(v.asString())) {
                    types.add(v.asString());
                }
            });
        }
        if (types.size() != 1) {
            return "JSON";
        }
        String format = schema.path("format").asString("");
        return switch (types.getFirst()) {
            case "string" -> switch (format) {
                case "date" -> "DATE";
                case "date-time" -> "TIMESTAMPTZ";
                default -> "VARCHAR";
            };
            case "integer" -> "BIGINT";
            case "number" -> "DOUBLE";
            case "boolean" -> "BOOLEAN";
            case "array" -> {
                JsonNode items = schema.get("items");
                String inner = items == null ? "JSON" : type(items);
                yield inner + "[]";
            }
            case "object" -> struct(schema);
            default -> "JSON";
        };
    }

    private static String struct(JsonNode schema) {
        JsonNode props = schema.get("properties");
        if (props == null || !props.isObject() || props.isEmpty()
                || !schema.path("additionalProperties").isBoolean() || schema.path("additionalProperties").asBoolean()) {
            // Properties the contract does not name would be lost in a STRUCT: keep the object as JSON.
            return "JSON";
        }
        StringBuilder b = new StringBuilder("STRUCT(");
        boolean first = true;
        for (Map.Entry<String, JsonNode> p : props.properties()) {
            if (!first) {
                b.append(", ");
            }
            first = false;
            b.append(quoteIdentifier(p.getKey())).append(' ').append(type(p.getValue()));
        }
        return b.append(')').toString();
    }

    static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    static String quoteLiteral(String s) {
        return '\'' + s.replace("'", "''") + '\'';
    }
}
