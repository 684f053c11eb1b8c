package io.lakehouse.validation;

import com.networknt.org.apache.commons.validator.routines.DomainValidator;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.format.DateFormat;
import com.networknt.schema.format.DateTimeFormat;
import com.networknt.schema.format.EmailFormat;
import com.networknt.schema.format.Format;
import com.networknt.schema.format.Formats;
import com.networknt.schema.format.IdnHostnameFormat;
import java.net.IDN;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Formats where the library is looser than the specification and a contract's author would expect a rejection:
 * {@code hostname} (lengths, A-labels decoded and checked under IDNA2008), {@code idn-hostname} (overall length and
 * trailing dots) and {@code duration} (the RFC 3339 appendix A grammar). {@code date-time}, {@code date},
 * {@code uuid} and {@code email} keep the library's verdicts and only add a fast path for the everyday shape.
 */
final class StrictFormats {
    private StrictFormats() {
    }

    static List<Format> all() {
        return List.of(new Hostname(), new IdnHostname(), new Duration(), dateTime(), date(), uuid(), email());
    }

    /**
     * The library's {@code date-time} with a fast path for {@link FormatShapes#dateTime}: the library's two
     * {@code DateTimeFormatter} parses were a tenth of observerd's ingest CPU.
     */
    static FastPath dateTime() {
        return new FastPath(new DateTimeFormat(), FormatShapes::dateTime);
    }

    /** The library's {@code date} ({@code LocalDate.parse}, years 0 to 9999) with a fast path for plain {@code YYYY-MM-DD}. */
    static FastPath date() {
        return new FastPath(new DateFormat(), v -> v.length() == 10 && FormatShapes.date(v));
    }

    /** The library's {@code uuid} (a regular expression) with a fast path for the canonical 8-4-4-4-12 form. */
    static FastPath uuid() {
        return new FastPath(Formats.DEFAULT.stream().filter(f -> f.getName().equals("uuid")).findFirst().orElseThrow(),
                FormatShapes::uuid);
    }

    /** The library's {@code email} (commons-validator rules) with a fast path for {@link PlainEmail plain addresses}. */
    static FastPath email() {
        return new FastPath(new EmailFormat(), PlainEmail::plain);
    }

    /**
     * A library format answered without the library when {@code surelyValid} holds. {@code surelyValid} accepts a
     * strict subset of what the library accepts and false means "ask the library", so the verdicts stay the
     * library's (each fast path has a test comparing it with the library on generated edge cases).
     */
    record FastPath(Format library, Predicate<String> surelyValid) implements Format {
        @Override
        public String getName() {
            return library.getName();
        }

        @Override
        public String getMessageKey() {
            return library.getMessageKey();
        }

        @Override
        public boolean matches(ExecutionContext context, String value) {
            return surelyValid.test(value) || library.matches(context, value);
        }
    }

    private static final IdnHostnameFormat IDN_HOSTNAME = new IdnHostnameFormat();

    /** RFC 1123 host names; labels starting "xn--" must be valid Punycode of a valid IDNA2008 U-label. */
    static final class Hostname implements Format {
        @Override
        public String getName() {
            return "hostname";
        }

        @Override
        public String getMessageKey() {
            return "format.hostname";
        }

        @Override
        public boolean matches(ExecutionContext context, String value) {
            if (value.isEmpty() || value.length() > 253) {
                return false;
            }
            String[] labels = value.split("\\.", -1);
            for (String label : labels) {
                if (!label(context, label)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean label(ExecutionContext context, String label) {
            int n = label.length();
            if (n == 0 || n > 63 || label.charAt(0) == '-' || label.charAt(n - 1) == '-') {
                return false;
            }
            for (int i = 0; i < n; i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                    return false;
                }
            }
            if (n >= 4 && label.charAt(2) == '-' && label.charAt(3) == '-') {
                if (!label.regionMatches(true, 0, "xn", 0, 2)) {
                    return false;
                }
                // Raw RFC 3492 decoding: java.net.IDN applies IDNA2003 mappings that drop ZWJ/ZWNJ and fold sharp s.
                String unicode = punycode(label.substring(4).toLowerCase(java.util.Locale.ROOT));
                return unicode != null && !unicode.isEmpty() && IDN_HOSTNAME.matches(context, unicode);
            }
            return true;
        }
    }

    /** RFC 3492 Punycode decoding; null when the input is not valid Punycode. */
    static String punycode(String input) {
        final int base = 36;
        final int tMin = 1;
        final int tMax = 26;
        int n = 128;
        int bias = 72;
        int i = 0;
        int b = input.lastIndexOf('-');
        StringBuilder out = new StringBuilder();
        java.util.List<Integer> points = new java.util.ArrayList<>();
        for (int j = 0; j < Math.max(b, 0); j++) {
            char c = input.charAt(j);
            if (c >= 0x80) {
                return null;
            }
            points.add((int) c);
        }
        int in = b > 0 ? b + 1 : 0;
        while (in < input.length()) {
            int oldI = i;
            int w = 1;
            for (int k = base; ; k += base) {
                if (in >= input.length()) {
                    return null;
                }
                char c = input.charAt(in++);
                int digit = c >= 'a' && c <= 'z' ? c - 'a' : c >= '0' && c <= '9' ? c - '0' + 26 : -1;
                if (digit < 0 || digit > (Integer.MAX_VALUE - i) / w) {
                    return null;
                }
                i += digit * w;
                int t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
                if (digit < t) {
                    break;
                }
                if (w > Integer.MAX_VALUE / (base - t)) {
                    return null;
                }
                w *= base - t;
            }
            int count = points.size() + 1;
            bias = adapt(i - oldI, count, oldI == 0);
            if (i / count > Integer.MAX_VALUE - n) {
                return null;
            }
            n += i / count;
            i %= count;
            if (n > Character.MAX_CODE_POINT || (n >= 0xD800 && n <= 0xDFFF)) {
                return null;
            }
            points.add(i, n);
            i++;
        }
        points.forEach(out::appendCodePoint);
        return out.toString();
    }

    private static int adapt(int delta, int numPoints, boolean first) {
        delta = first ? delta / 700 : delta / 2;
        delta += delta / numPoints;
        int k = 0;
        while (delta > ((36 - 1) * 26) / 2) {
            delta /= 36 - 1;
            k += 36;
        }
        return k + (36 - 1 + 1) * delta / (delta + 38);
    }

    /** The library's IDNA2008 checks, plus the overall length and no trailing (ideographic or fullwidth) dot. */
    static final class IdnHostname implements Format {
        @Override
        public String getName() {
            return "idn-hostname";
        }

        @Override
        public String getMessageKey() {
            return "format.idn-hostname";
        }

        @Override
        public boolean matches(ExecutionContext context, String value) {
            if (value.isEmpty()) {
                return false;
            }
            char last = value.charAt(value.length() - 1);
            if (last == '.' || last == '\u3002' || last == '\uFF0E' || last == '\uFF61') {
                return false;
            }
            String ascii;
            try {
                ascii = IDN.toASCII(value, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                ascii = value;
            }
            if (ascii.length() > 253) {
                return false;
            }
            return IDN_HOSTNAME.matches(context, value);
        }
    }

    /** RFC 3339 appendix A durations: P with dates as Y[M[D]], M[D] or D, times as H[M[S]], M[S] or S, or weeks. */
    static final class Duration implements Format {
        private static final String TIME = "T(?:\\d+H(?:\\d+M(?:\\d+S)?)?|\\d+M(?:\\d+S)?|\\d+S)";
        private static final Pattern GRAMMAR = Pattern.compile(
                "^P(?:(?:\\d+Y(?:\\d+M(?:\\d+D)?)?|\\d+M(?:\\d+D)?|\\d+D)(?:" + TIME + ")?|" + TIME + "|\\d+W)$");

        @Override
        public String getName() {
            return "duration";
        }

        @Override
        public String getMessageKey() {
            return "format.duration";
        }

        @Override
        public boolean matches(ExecutionContext context, String value) {
            return GRAMMAR.matcher(value).matches();
        }
    }

    /**
     * Plain addresses, {@code dot.atom@label.label.tld} in printable ASCII with a known TLD: exactly the shape the
     * library's user and domain expressions accept, so {@link #plain} only says true where the library says true;
     * anything else (quoted users, IP literals, unknown TLDs, non-ASCII, odd lengths) goes to the library.
     * Validating an address with the library's expressions was a quarter of a {@code candidate} record's check.
     */
    static final class PlainEmail {
        // The instance the library's validator uses (allowLocal = true).
        private static final DomainValidator DOMAINS = DomainValidator.getInstance(true);
        private static final int MAX_USER = 64;
        private static final int MAX_DOMAIN = 253;
        private static final int MAX_LABEL = 63;

        private PlainEmail() {
        }

        /** True only for a plain address the library accepts; false means "ask the library". */
        static boolean plain(String value) {
            int at = value.indexOf('@');
            if (at < 1 || at > MAX_USER || value.indexOf('@', at + 1) >= 0) {
                return false;
            }
            return plainUser(value, at) && plainDomain(value, at + 1);
        }

        /** {@code atext+(.atext+)*} over the characters the library's user expression takes unquoted. */
        private static boolean plainUser(String value, int end) {
            boolean wordStart = true;
            for (int i = 0; i < end; i++) {
                char c = value.charAt(i);
                if (c == '.') {
                    if (wordStart) {
                        return false;
                    }
                    wordStart = true;
                } else if (atext(c)) {
                    wordStart = false;
                } else {
                    return false;
                }
            }
            return !wordStart;
        }

        private static boolean atext(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c < 0x7F && "!#$%&'*+/=?^_`{|}~-".indexOf(c) >= 0;
        }

        /** Two or more LDH labels, the last starting with a letter and a known TLD; no trailing dot. */
        private static boolean plainDomain(String value, int from) {
            int n = value.length();
            if (n - from > MAX_DOMAIN || from >= n) {
                return false;
            }
            int labels = 0;
            int start = from;
            for (int i = from; i <= n; i++) {
                if (i == n || value.charAt(i) == '.') {
                    if (!label(value, start, i)) {
                        return false;
                    }
                    labels++;
                    if (i == n) {
                        char first = value.charAt(start);
                        return labels >= 2 && (first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z')
                                && DOMAINS.isValidTld(value.substring(start));
                    }
                    start = i + 1;
                }
            }
            return false;
        }

        private static boolean label(String value, int from, int to) {
            int len = to - from;
            if (len < 1 || len > MAX_LABEL || !alnum(value.charAt(from)) || !alnum(value.charAt(to - 1))) {
                return false;
            }
            for (int i = from + 1; i < to - 1; i++) {
                char c = value.charAt(i);
                if (!alnum(c) && c != '-') {
                    return false;
                }
            }
            return true;
        }

        private static boolean alnum(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
        }
    }
}
