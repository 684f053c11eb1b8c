package io.lakehouse.shared.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Writes problem details where Spring MVC is not involved: servlet filters and the container's error page. */
public final class ProblemWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemWriter.class);

    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ErrorCode error, String detail)
            throws IOException {
        write(response, Problems.of(error, detail, request));
    }

    /**
     * Answers a failure of an endpoint served outside Spring MVC (a plain servlet or filter on a daemon's hot path)
     * as the shared advice would: {@link ApiException} with its code and members ({@code Retry-After} on 429 and
     * 503), a too-large body as 413, anything else as a logged 500 that shows the client only its request id.
     */
    public void fail(HttpServletRequest request, HttpServletResponse response, RuntimeException e) throws IOException {
        if (e instanceof ApiException a) {
            int status = a.error().status().value();
            if (status == 429 || status == 503) {
                // Every bounded queue tells the client when to come back.
                response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            }
            write(response, Problems.of(a.error(), a.getMessage(), request, a.properties()));
            return;
        }
        PayloadTooLargeException tooLarge = PayloadTooLargeException.find(e);
        if (tooLarge != null) {
            write(response, Problems.of(CommonError.PAYLOAD_TOO_LARGE, tooLarge.getMessage(), request,
                    Map.of("limit_bytes", tooLarge.limitBytes())));
            return;
        }
        LOG.error("unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        write(response, Problems.of(CommonError.INTERNAL_ERROR, "an unexpected error occurred; quote request_id "
                + RequestIds.of(request) + " when reporting it", request));
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
