package io.lakehouse.observerd.observation;

import java.time.LocalDate;

/**
 * Parses RFC 3339 date-times ({@code 2026-11-29T10:00:00.123456789+01:00}, {@code T}/{@code Z} in either case) to
 * epoch nanoseconds by position: several times faster than {@code DateTimeFormatter}, which showed up as a tenth of
 * ingest CPU. Strings the contract's {@code date-time} format accepted are the input; anything else (a leap second
 * included) is an {@link IllegalArgumentException}.
 */
final class Rfc3339 {
    private Rfc3339() {
    }

    static long epochNanos(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != 't')
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            throw new IllegalArgumentException("not an RFC 3339 date-time: " + s);
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (hour > 23 || minute > 59 || second > 59) {
            throw new IllegalArgumentException("time out of range: " + s);
        }
        int i = 19;
        long nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            i++;
            int start = i;
            while (i < n && Character.isDigit(s.charAt(i))) {
                if (i - start < 9) {
                    nanos = nanos * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            if (i == start) {
                throw new IllegalArgumentException("empty fraction: " + s);
            }
            for (int k = Math.min(i - start, 9); k < 9; k++) {
                nanos *= 10;
            }
        }
        if (i >= n) {
            throw new IllegalArgumentException("missing offset: " + s);
        }
        int offsetSeconds;
        char z = s.charAt(i);
        if ((z == 'Z' || z == 'z') && i == n - 1) {
            offsetSeconds = 0;
        } else if ((z == '+' || z == '-') && i == n - 6 && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh > 23 || om > 59) {
                throw new IllegalArgumentException("offset out of range: " + s);
            }
            offsetSeconds = (z == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            throw new IllegalArgumentException("bad offset: " + s);
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay(); // checks the day of the month
        long seconds = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos);
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("not a digit at " + i + ": " + s);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
