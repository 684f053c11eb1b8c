package io.lakehouse.shared.web;

import jakarta.servlet.http.HttpServletRequest;
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

    static boolean acceptable(String candidate) {
        return candidate != null && SANE.matcher(candidate).matches();
    }
}
