package io.lakehouse.shared.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Writes problem details where Spring MVC is not involved: servlet filters and the container's error page. */
public final class ProblemWriter {
    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ErrorCode error, String detail)
            throws IOException {
        write(response, Problems.of(error, detail, request));
    }

    public void write(HttpServletResponse response, ProblemDetail p) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(p.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(json.writeValueAsBytes(asMap(p)));
    }

    /** The members in RFC 9457 order, then ours. */
    public static Map<String, Object> asMap(ProblemDetail p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", p.getType() == null ? "about:blank" : p.getType().toString());
        m.put("title", p.getTitle());
        m.put("status", p.getStatus());
        if (p.getDetail() != null) {
            m.put("detail", p.getDetail());
        }
        if (p.getInstance() != null) {
            m.put("instance", p.getInstance().toString());
        }
        if (p.getProperties() != null) {
            m.putAll(p.getProperties());
        }
        return m;
    }
}
