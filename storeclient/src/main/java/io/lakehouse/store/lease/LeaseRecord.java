package io.lakehouse.store.lease;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The body of one lease generation object: who holds it and until when. A small flat JSON object, written and
 * read here without a JSON library so storeclient stays dependency-free.
 *
 * @param generation the generation number in the key
 * @param holder     who holds it
 * @param acquiredAt when this generation was created
 * @param renewedAt  the last renewal (= acquiredAt at first)
 * @param expiresAt  free for others after this instant unless renewed
 */
public record LeaseRecord(long generation, LeaseHolder holder, Instant acquiredAt, Instant renewedAt,
                          Instant expiresAt) {

    private static final Pattern FIELD = Pattern.compile("\"([a-z_]+)\"\\s*:\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(-?\\d+)|null)");

    public LeaseRecord {
        Objects.requireNonNull(holder, "holder is null");
        Objects.requireNonNull(acquiredAt, "acquiredAt is null");
        Objects.requireNonNull(renewedAt, "renewedAt is null");
        Objects.requireNonNull(expiresAt, "expiresAt is null");
    }

    /** Whether the lease has run out at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** The same lease renewed at {@code now} for {@code ttl}. */
    LeaseRecord renewed(Instant now, Duration ttl) {
        return new LeaseRecord(generation, holder, acquiredAt, now, now.plus(ttl));
    }

    byte[] toJson() {
        StringBuilder b = new StringBuilder(320).append('{');
        num(b, "generation", generation);
        str(b, "holder", holder.label());
        str(b, "host", holder.host());
        num(b, "pid", holder.pid());
        str(b, "process_start", holder.processStart() == null ? null : holder.processStart().toString());
        str(b, "boot_id", holder.bootId());
        str(b, "pid_namespace", holder.pidNamespace());
        str(b, "acquired_at", acquiredAt.toString());
        str(b, "renewed_at", renewedAt.toString());
        str(b, "expires_at", expiresAt.toString());
        b.setLength(b.length() - 1);
        return b.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a lease body; {@link IllegalArgumentException} says which member is missing or wrong. */
    static LeaseRecord parse(byte[] bytes) {
        Map<String, String> m = new HashMap<>();
        Matcher matcher = FIELD.matcher(new String(bytes, StandardCharsets.UTF_8));
        while (matcher.find()) {
            m.put(matcher.group(1), matcher.group(2) != null ? unescape(matcher.group(2)) : matcher.group(3));
        }
        try {
            LeaseHolder holder = new LeaseHolder(required(m, "holder"), required(m, "host"),
                    Long.parseLong(required(m, "pid")), instantOrNull(m.get("process_start")), m.get("boot_id"),
                    m.get("pid_namespace"));
            return new LeaseRecord(Long.parseLong(required(m, "generation")), holder,
                    Instant.parse(required(m, "acquired_at")), Instant.parse(required(m, "renewed_at")),
                    Instant.parse(required(m, "expires_at")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a lease record (" + e.getMessage() + ")", e);
        }
    }

    private static String required(Map<String, String> m, String name) {
        String v = m.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing \"" + name + "\"");
        }
        return v;
    }

    private static Instant instantOrNull(String s) {
        return s == null ? null : Instant.parse(s);
    }

    private static void num(StringBuilder b, String name, long value) {
        b.append('"').append(name).append("\":").append(value).append(',');
    }

    private static void str(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\":");
        if (value == null) {
            b.append("null,");
            return;
        }
        b.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append("\",");
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                b.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                default -> b.append(n);
            }
        }
        return b.toString();
    }
}
