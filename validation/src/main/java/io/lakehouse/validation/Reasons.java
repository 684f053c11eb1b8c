package io.lakehouse.validation;

import com.networknt.schema.Error;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** One human sentence per failed keyword, naming the rule and its limit ("must be at most 200 characters"). */
final class Reasons {
    /** Enumerations longer than this are quoted in part. */
    private static final int ENUM_SHOWN = 10;

    private static final Map<String, String> FORMATS = Map.ofEntries(
            Map.entry("email", "must be a valid email address"),
            Map.entry("idn-email", "must be a valid internationalized email address"),
            Map.entry("date", "must be a valid RFC 3339 date (YYYY-MM-DD)"),
            Map.entry("date-time", "must be a valid RFC 3339 date-time (YYYY-MM-DDThh:mm:ssZ)"),
            Map.entry("time", "must be a valid RFC 3339 time (hh:mm:ssZ)"),
            Map.entry("duration", "must be a valid ISO 8601 duration"),
            Map.entry("uuid", "must be a valid UUID"),
            Map.entry("uri", "must be a valid absolute URI"),
            Map.entry("uri-reference", "must be a valid URI reference"),
            Map.entry("iri", "must be a valid IRI"),
            Map.entry("iri-reference", "must be a valid IRI reference"),
            Map.entry("uri-template", "must be a valid URI template"),
            Map.entry("ipv4", "must be a valid IPv4 address"),
            Map.entry("ipv6", "must be a valid IPv6 address"),
            Map.entry("hostname", "must be a valid host name"),
            Map.entry("idn-hostname", "must be a valid internationalized host name"),
            Map.entry("json-pointer", "must be a valid JSON pointer"),
            Map.entry("relative-json-pointer", "must be a valid relative JSON pointer"),
            Map.entry("regex", "must be a valid regular expression"));

    private Reasons() {
    }

    static String of(Error e) {
        JsonNode s = e.getSchemaNode();
        String keyword = e.getKeyword();
        return switch (keyword == null ? "" : keyword) {
            case "format" -> format(s == null ? "" : s.asString());
            case "pattern" -> "must match the pattern " + text(s);
            case "enum" -> oneOf(s);
            case "const" -> "must be equal to " + json(s);
            case "minimum" -> "must be at least " + text(s);
            case "maximum" -> "must be at most " + text(s);
            case "exclusiveMinimum" -> "must be greater than " + text(s);
            case "exclusiveMaximum" -> "must be less than " + text(s);
            case "multipleOf" -> "must be a multiple of " + text(s);
            case "minLength" -> "must be at least " + count(s, "character", "characters");
            case "maxLength" -> "must be at most " + count(s, "character", "characters");
            case "minItems" -> "must have at least " + count(s, "item", "items");
            case "maxItems" -> "must have at most " + count(s, "item", "items");
            case "uniqueItems" -> "must not contain duplicate items";
            case "minProperties" -> "must have at least " + count(s, "property", "properties");
            case "maxProperties" -> "must have at most " + count(s, "property", "properties");
            case "contains" -> "must contain at least one item matching the contains schema";
            case "minContains" -> "must contain at least " + count(s, "item", "items") + " matching the contains schema";
            case "maxContains" -> "must contain at most " + count(s, "item", "items") + " matching the contains schema";
            case "not" -> "must not match the schema under not";
            case "false" -> "is not allowed by the schema";
            case "items", "prefixItems", "unevaluatedItems" -> "is not allowed: the array has more items than the schema allows";
            case "propertyNames" -> "property name " + quote(e.getProperty()) + " is not valid: " + inner(e);
            case "contentEncoding" -> "must be encoded as " + text(s);
            case "contentMediaType" -> "must be of media type " + text(s);
            default -> (keyword == null ? "schema" : keyword) + " rule failed: " + e.getMessage();
        };
    }

    static String oneOf(int alternatives, int matched) {
        return "must match exactly one of the " + alternatives + " alternatives under oneOf (matched " + matched + ")";
    }

    private static String format(String name) {
        String reason = FORMATS.get(name);
        return reason != null ? reason : "must be a valid " + name;
    }

    private static String oneOf(JsonNode values) {
        if (values == null || !values.isArray()) {
            return "must be one of the allowed values";
        }
        if (values.size() == 1) {
            return "must be equal to " + json(values.get(0));
        }
        StringBuilder b = new StringBuilder("must be one of ");
        int shown = Math.min(values.size(), ENUM_SHOWN);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(json(values.get(i)));
        }
        if (values.size() > shown) {
            b.append(" (and ").append(values.size() - shown).append(" more)");
        }
        return b.toString();
    }

    private static String inner(Error e) {
        Object[] args = e.getArguments();
        if (args != null && args.length > 1 && args[1] != null) {
            return String.valueOf(args[1]);
        }
        return e.getMessage();
    }

    private static String text(JsonNode n) {
        if (n == null) {
            return "";
        }
        if (n.isString()) {
            return n.asString();
        }
        if (n.isNumber()) {
            return n.numberValue() instanceof java.math.BigDecimal d ? d.toPlainString() : n.toString();
        }
        return n.toString();
    }

    private static String count(JsonNode n, String one, String many) {
        String t = text(n);
        return t + " " + (t.equals("1") ? one : many);
    }

    private static String json(JsonNode n) {
        return n == null ? "null" : n.toString();
    }

    private static String quote(String s) {
        return s == null ? "\"\"" : '"' + s + '"';
    }
}
