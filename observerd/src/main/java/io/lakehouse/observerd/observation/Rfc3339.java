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
        // A char beyond Latin-1 becomes '?', which no position accepts.
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return epochNanos(b, 0, b.length);
    }

    /** {@link #epochNanos(String)} of the ASCII bytes {@code b[from..to)}, without building a string. */
    static long epochNanos(byte[] b, int from, int to) {
        int n = to - from;
        if (n < 20 || b[from + 4] != '-' || b[from + 7] != '-' || (b[from + 10] != 'T' && b[from + 10] != 't')
                || b[from + 13] != ':' || b[from + 16] != ':') {
            throw bad("not an RFC 3339 date-time: ", b, from, to);
        }
        int year = digits(b, from, 4, to);
        int month = digits(b, from + 5, 2, to);
        int day = digits(b, from + 8, 2, to);
        int hour = digits(b, from + 11, 2, to);
        int minute = digits(b, from + 14, 2, to);
        int second = digits(b, from + 17, 2, to);
        if (hour > 23 || minute > 59 || second > 59) {
            throw bad("time out of range: ", b, from, to);
        }
        int i = from + 19;
        long nanos = 0;
        if (i < to && b[i] == '.') {
            i++;
            int start = i;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                if (i - start < 9) {
                    nanos = nanos * 10 + (b[i] - '0');
                }
                i++;
            }
            if (i == start) {
                throw bad("empty fraction: ", b, from, to);
            }
            for (int k = Math.min(i - start, 9); k < 9; k++) {
                nanos *= 10;
            }
        }
        if (i >= to) {
            throw bad("missing offset: ", b, from, to);
        }
        int offsetSeconds;
        byte z = b[i];
        if ((z == 'Z' || z == 'z') && i == to - 1) {
            offsetSeconds = 0;
        } else if ((z == '+' || z == '-') && i == to - 6 && b[i + 3] == ':') {
            int oh = digits(b, i + 1, 2, to);
            int om = digits(b, i + 4, 2, to);
            if (oh > 23 || om > 59) {
                throw bad("offset out of range: ", b, from, to);
            }
            offsetSeconds = (z == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            throw bad("bad offset: ", b, from, to);
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay(); // checks the day of the month
        long seconds = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos);
    }

    private static IllegalArgumentException bad(String what, byte[] b, int from, int to) {
        return new IllegalArgumentException(what + new String(b, from, to - from,
                java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private static int digits(byte[] b, int from, int count, int to) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int c = b[i];
            if (c < '0' || c > '9') {
                throw bad("not a digit at " + (i - from) + ": ", b, from, to);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
