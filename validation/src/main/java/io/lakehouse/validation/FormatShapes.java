package io.lakehouse.validation;

import java.nio.charset.StandardCharsets;

/**
 * The everyday shapes of a few formats, recognised without the library: each check accepts a strict subset of what
 * the library's format accepts (a value outside the subset is not rejected, {@link FastValidator} then asks the
 * library). {@code FastValidatorTest} compares every shape with the library on edge cases.
 */
enum FormatShapes {
    UUID, DATE, DATE_TIME, URI, EMAIL, OTHER;

    static FormatShapes of(String format) {
        return switch (format) {
            case "uuid" -> UUID;
            case "date" -> DATE;
            case "date-time" -> DATE_TIME;
            case "uri" -> URI;
            case "email" -> EMAIL;
            default -> OTHER;
        };
    }

    /** 8-4-4-4-12 hexadecimal digits: exactly the library's pattern. */
    static boolean uuid(String v) {
        if (v.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = v.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return false;
                }
            } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    /** {@code YYYY-MM-DD} at the start of {@code v}, year 1000-9999, a day that exists. */
    static boolean date(String v) {
        byte[] b = v.getBytes(StandardCharsets.ISO_8859_1); // a char beyond Latin-1 becomes '?', never a digit
        return date(b, 0, b.length);
    }

    /** {@link #date(String)} on the ASCII bytes {@code b[from..to)}. */
    static boolean date(byte[] b, int from, int to) {
        if (to - from < 10 || b[from + 4] != '-' || b[from + 7] != '-') {
            return false;
        }
        int year = digits(b, from, 4);
        int month = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        if (year < 1000 || month < 1 || month > 12 || day < 1) {
            return false;
        }
        int days = switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
        return day <= days;
    }

    /**
     * {@code YYYY-MM-DDTHH:MM:SS[.F{1,9}](Z|+HH:MM|-HH:MM)} with upper-case T and Z, no leap second, offsets up to
     * 17:59 and not {@code -00:00}.
     */
    static boolean dateTime(String v) {
        byte[] b = v.getBytes(StandardCharsets.ISO_8859_1);
        return dateTime(b, 0, b.length);
    }

    /** {@link #dateTime(String)} on the ASCII bytes {@code b[from..to)}: the fast validator checks strings unread. */
    static boolean dateTime(byte[] b, int from, int to) {
        int n = to - from;
        if (n < 20 || !date(b, from, to) || b[from + 10] != 'T' || b[from + 13] != ':' || b[from + 16] != ':') {
            return false;
        }
        int hour = digits(b, from + 11, 2);
        int minute = digits(b, from + 14, 2);
        int second = digits(b, from + 17, 2);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return false;
        }
        int i = from + 19;
        if (b[i] == '.') {
            int f = ++i;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == f || i - f > 9) {
                return false;
            }
        }
        if (i == to - 1) {
            return b[i] == 'Z';
        }
        if (i != to - 6 || b[to - 3] != ':') {
            return false;
        }
        byte sign = b[i];
        int oh = digits(b, to - 5, 2);
        int om = digits(b, to - 2, 2);
        if (sign != '+' && sign != '-' || oh < 0 || oh > 17 || om < 0 || om > 59) {
            return false;
        }
        return !(sign == '-' && oh == 0 && om == 0);
    }

    /**
     * {@code http://} or {@code https://}, a host of letters, digits, dots and dashes, and an optional path of
     * unreserved characters and slashes: no port, user, query, fragment or escapes.
     */
    static boolean httpUri(String v) {
        int i;
        if (v.startsWith("https://")) {
            i = 8;
        } else if (v.startsWith("http://")) {
            i = 7;
        } else {
            return false;
        }
        int host = i;
        int n = v.length();
        while (i < n) {
            char c = v.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
                i++;
            } else {
                break;
            }
        }
        if (i == host) {
            return false;
        }
        if (i == n) {
            return true;
        }
        if (v.charAt(i) != '/') {
            return false;
        }
        for (; i < n; i++) {
            char c = v.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
                    || c == '_' || c == '~' || c == '/')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The index of the {@code @} when {@code v} is {@code local@domain} with a plain local part (1-64 letters,
     * digits, {@code _ + -}, in dot-separated words) and a domain of letters, digits, dots and dashes; else -1.
     *
     * <p>The library (commons-validator's {@code EmailValidator}) splits at the last {@code @} and accepts when the
     * local part matches its user grammar (every plain local part does) and the domain is valid: for such a value
     * its verdict equals its verdict on {@code a@<domain>}.
     */
    static int plainLocal(String v) {
        int at = v.indexOf('@');
        if (at < 1 || at > 64 || v.charAt(0) == '.' || v.charAt(at - 1) == '.') {
            return -1;
        }
        for (int i = 0; i < at; i++) {
            char c = v.charAt(i);
            if (c == '.') {
                if (v.charAt(i + 1) == '.') {
                    return -1;
                }
            } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '+'
                    || c == '-')) {
                return -1;
            }
        }
        int n = v.length();
        if (at == n - 1) {
            return -1;
        }
        for (int i = at + 1; i < n; i++) {
            char c = v.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-')) {
                return -1;
            }
        }
        return at;
    }

    /** The decimal value of {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(byte[] b, int from, int count) {
        int out = 0;
        for (int i = from; i < from + count; i++) {
            int c = b[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            out = out * 10 + (c - '0');
        }
        return out;
    }

}
