package io.lakehouse.validation;

import com.networknt.schema.path.NodePath;

/**
 * Record paths in the contract's format: property names joined with {@code .}, array indexes as {@code [i]}, the
 * root as {@code ""}, and a property name that contains {@code .}, {@code [}, {@code ]} (or is empty, or contains a
 * quote or backslash) written as {@code ["name"]} with JSON string escaping.
 */
public final class FieldPath {
    private FieldPath() {
    }

    /** The path of a node location as reported by the schema library. */
    static String of(NodePath path) {
        return of(path, path.getNameCount(), null);
    }

    /** The first {@code count} elements of {@code path}, then {@code child} (a property name) when not null. */
    static String of(NodePath path, int count, String child) {
        if (count == 0 && child == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(32);
        for (int i = 0; i < count; i++) {
            Object element = path.getElement(i);
            if (element instanceof Integer index) {
                b.append('[').append(index.intValue()).append(']');
            } else {
                appendName(b, String.valueOf(element));
            }
        }
        if (child != null) {
            appendName(b, child);
        }
        return b.toString();
    }

    /** Appends one property name to a path under construction. */
    public static void appendName(StringBuilder b, String name) {
        if (plain(name)) {
            if (!b.isEmpty()) {
                b.append('.');
            }
            b.append(name);
            return;
        }
        b.append("[\"");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append("\"]");
    }

    private static boolean plain(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.' || c == '[' || c == ']' || c == '"' || c == '\\' || c < 0x20) {
                return false;
            }
        }
        return true;
    }
}
