package io.lakehouse.shared.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Map;
import org.springframework.http.ProblemDetail;

/** Builds the RFC 9457 body every daemon answers errors with: status, title, detail, {@code code}, {@code request_id}. */
public final class Problems {
    private Problems() {
    }

    public static ProblemDetail of(ErrorCode error, String detail, HttpServletRequest request) {
        return of(error, detail, request, Map.of());
    }

    public static ProblemDetail of(ErrorCode error, String detail, HttpServletRequest request,
                                   Map<String, Object> properties) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(error.status(), detail);
        p.setTitle(error.title());
        if (request != null) {
            p.setInstance(URI.create(safePath(request.getRequestURI())));
        }
        p.setProperty("code", error.code());
        p.setProperty("request_id", request == null ? null : RequestIds.of(request));
        properties.forEach(p::setProperty);
        return p;
    }

    /** Completes a body Spring built (405, 415, ...) with our members. */
    public static ProblemDetail complete(ProblemDetail p, HttpServletRequest request) {
        ErrorCode error = CommonError.forStatus(p.getStatus());
        if (p.getProperties() == null || !p.getProperties().containsKey("code")) {
            p.setProperty("code", error.code());
        }
        p.setProperty("request_id", request == null ? null : RequestIds.of(request));
        if (request != null) {
            p.setInstance(URI.create(safePath(request.getRequestURI())));
        }
        return p;
    }

    private static String safePath(String path) {
        if (path == null) {
            return "/";
        }
        // The instance must be a valid URI reference; odd request paths are echoed percent-encoded.
        StringBuilder b = new StringBuilder(path.length());
        for (char c : path.toCharArray()) {
            if (c > 0x20 && c < 0x7f && "\"<>\\^`{|}%".indexOf(c) < 0) {
                b.append(c);
            } else {
                b.append('%').append(String.format("%02X", (int) c & 0xff));
            }
        }
        return b.toString();
    }
}
