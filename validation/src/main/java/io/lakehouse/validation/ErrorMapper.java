package io.lakehouse.validation;

import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Turns the schema library's findings into the contract's variants, one error per failure.
 *
 * <ul>
 *   <li>{@code required} and {@code dependentRequired} become {@link ValidationError.Missing} at the absent
 *       property's path; {@code additionalProperties}/{@code unevaluatedProperties} false become one
 *       {@link ValidationError.Unexpected} per extra property; {@code type} becomes {@link ValidationError.Type}.</li>
 *   <li>A wrong type silences the sibling keywords of the same schema at the same value (an {@code enum} of
 *       integers does not also complain about a string).</li>
 *   <li>Everything that failed inside an {@code anyOf}/{@code oneOf} branch collapses into one
 *       {@link ValidationError.Schema} for the composite, since no single branch's complaint is "the" reason.</li>
 *   <li>The result is deduplicated, sorted by field, variant, reason, and capped.</li>
 * </ul>
 */
final class ErrorMapper {
    private ErrorMapper() {
    }

    static List<ValidationError> map(List<Error> errors, int cap) {
        TreeSet<ValidationError> out = new TreeSet<>(ValidationError.ORDER);
        Set<String> typed = null;
        Map<String, Composite> composites = null;
        List<Error> plain = new ArrayList<>(errors.size());
        for (Error e : errors) {
            NodePath eval = e.getEvaluationPath();
            int composite = firstComposite(eval);
            if (composite >= 0) {
                if (composites == null) {
                    composites = new HashMap<>();
                }
                collect(composites, e, eval, composite);
                continue;
            }
            if ("type".equals(e.getKeyword())) {
                if (typed == null) {
                    typed = new HashSet<>();
                }
                typed.add(siblingKey(e));
            }
            plain.add(e);
        }
        for (Error e : plain) {
            if (typed != null && !"type".equals(e.getKeyword()) && typed.contains(siblingKey(e))) {
                continue;
            }
            out.add(toVariant(e));
        }
        if (composites != null) {
            for (Composite c : composites.values()) {
                out.add(new ValidationError.Schema(c.field, c.reason()));
            }
        }
        List<ValidationError> list = new ArrayList<>(Math.min(out.size(), cap));
        for (ValidationError v : out) {
            if (list.size() == cap) {
                break;
            }
            list.add(v);
        }
        return list;
    }

    private static ValidationError toVariant(Error e) {
        NodePath at = e.getInstanceLocation();
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        switch (keyword) {
            case "required", "dependentRequired" -> {
                return new ValidationError.Missing(FieldPath.of(at, at.getNameCount(), property(e)));
            }
            case "additionalProperties", "unevaluatedProperties" -> {
                return new ValidationError.Unexpected(FieldPath.of(at, at.getNameCount(), property(e)));
            }
            case "type" -> {
                return new ValidationError.Type(FieldPath.of(at), expected(e.getSchemaNode()), found(e.getInstanceNode()));
            }
            case "items", "prefixItems", "unevaluatedItems" -> {
                Integer index = e.getIndex();
                String field = FieldPath.of(at);
                return new ValidationError.Schema(index == null ? field : field + "[" + index + "]", Reasons.of(e));
            }
            default -> {
                return new ValidationError.Schema(FieldPath.of(at), Reasons.of(e));
            }
        }
    }

    private static String property(Error e) {
        String p = e.getProperty();
        if (p != null) {
            return p;
        }
        Object[] args = e.getArguments();
        return args != null && args.length > 0 ? String.valueOf(args[0]) : "";
    }

    /** "string", or "string or null" for a union. */
    static String expected(JsonNode type) {
        if (type == null) {
            return "";
        }
        if (type.isArray()) {
            StringBuilder b = new StringBuilder();
            for (JsonNode t : type) {
                if (!b.isEmpty()) {
                    b.append(" or ");
                }
                b.append(t.asString());
            }
            return b.toString();
        }
        return type.asString();
    }

    /** The JSON type of a value; integral numbers (including 1.0) are "integer", as JSON Schema counts them. */
    static String found(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "null";
        }
        if (value.isString()) {
            return "string";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        if (value.isArray()) {
            return "array";
        }
        if (value.isObject()) {
            return "object";
        }
        if (value.isNumber()) {
            if (value.isIntegralNumber()) {
                return "integer";
            }
            if (value.isBigDecimal()) {
                return value.decimalValue().stripTrailingZeros().scale() <= 0 ? "integer" : "number";
            }
            double d = value.asDouble();
            return Double.isFinite(d) && d == Math.rint(d) ? "integer" : "number";
        }
        return "string";
    }

    /** Same value and same schema object: the key under which a type error silences its siblings. */
    private static String siblingKey(Error e) {
        NodePath eval = e.getEvaluationPath();
        NodePath parent = eval.getParent();
        return (parent == null ? "" : parent.toString()) + '\u0000' + e.getInstanceLocation().toString();
    }

    /** Index of the outermost anyOf/oneOf on the evaluation path, or -1. */
    private static int firstComposite(NodePath eval) {
        int n = eval.getNameCount();
        for (int i = 0; i < n; i++) {
            Object el = eval.getElement(i);
            if (("anyOf".equals(el) || "oneOf".equals(el)) && (i + 1 == n || isIndex(eval.getElement(i + 1)))) {
                // A property literally named "anyOf" sits after "properties"; skip it.
                if (i > 0 && isNameHolder(eval.getElement(i - 1))) {
                    continue;
                }
                return i;
            }
        }
        return -1;
    }

    private static boolean isNameHolder(Object el) {
        return "properties".equals(el) || "patternProperties".equals(el) || "$defs".equals(el)
                || "dependentSchemas".equals(el);
    }

    private static boolean isIndex(Object el) {
        return el instanceof Integer || (el instanceof String s && !s.isEmpty() && s.chars().allMatch(Character::isDigit));
    }

    private static void collect(Map<String, Composite> composites, Error e, NodePath eval, int k) {
        NodePath at = e.getInstanceLocation();
        int last = eval.getNameCount() - 1;
        int keep = at.getNameCount();
        if (k < last) {
            keep = Math.max(0, keep - instanceSteps(eval, k + 2, last));
        }
        String field = FieldPath.of(at, keep, null);
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i <= k; i++) {
            prefix.append('/').append(eval.getElement(i));
        }
        String key = prefix + "\u0000" + field;
        Composite c = composites.computeIfAbsent(key, x -> new Composite(field, "oneOf".equals(eval.getElement(k))));
        if (k == last && c.oneOf) {
            Object[] args = e.getArguments();
            c.alternatives = e.getSchemaNode() != null && e.getSchemaNode().isArray() ? e.getSchemaNode().size() : -1;
            c.matched = args != null && args.length > 0 && args[0] instanceof Number m ? m.intValue() : 0;
        }
    }

    /** How many instance levels the evaluation path descends between positions {@code from} and {@code last}. */
    private static int instanceSteps(NodePath eval, int from, int last) {
        int steps = 0;
        for (int i = from; i < last; i++) {
            Object el = eval.getElement(i);
            String seg = String.valueOf(el);
            switch (seg) {
                case "properties", "patternProperties", "prefixItems" -> {
                    i++;
                    steps++;
                }
                case "items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "contains" -> steps++;
                case "allOf", "anyOf", "oneOf", "dependentSchemas", "$defs" -> i++;
                default -> {
                    // $ref, $dynamicRef, not, if, then, else: same instance
                }
            }
        }
        return steps;
    }

    private static final class Composite {
        final String field;
        final boolean oneOf;
        int alternatives = -1;
        int matched;

        Composite(String field, boolean oneOf) {
            this.field = field;
            this.oneOf = oneOf;
        }

        String reason() {
            if (!oneOf) {
                return "must match at least one of the alternatives under anyOf";
            }
            if (alternatives < 0) {
                return "must match exactly one of the alternatives under oneOf";
            }
            return Reasons.oneOf(alternatives, matched);
        }
    }
}
