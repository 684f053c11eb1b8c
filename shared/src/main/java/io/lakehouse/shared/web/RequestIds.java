package io.lakehouse.shared.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** The request id of the current request: accepted from {@code X-Request-Id} when sane, otherwise generated. */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    public static final String ATTRIBUTE = RequestIds.class.getName();
    public static final String MDC_KEY = "request_id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private RequestIds() {
    }

    /** The id stored on the request by {@link RequestIdFilter}, or null outside a request. */
    public static String of(HttpServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        return id == null ? null : id.toString();
    }

    /**
     * A new id for a request that came without one: a UUIDv7 (time-ordered, like {@code Ids.newId()}) whose random
     * bits come from {@link ThreadLocalRandom}. A request id only has to be unique enough to find log lines, not
     * unguessable, and this runs on every request: the {@code SecureRandom} behind {@code Ids} takes a global lock.
     */
    public static String generate() {
        long millis = System.currentTimeMillis();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long msb = (millis << 16) | 0x7000L | (random.nextInt() & 0xFFF);
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    static boolean acceptable(String candidate) {
        return candidate != null && SANE.matcher(candidate).matches();
    }
}
