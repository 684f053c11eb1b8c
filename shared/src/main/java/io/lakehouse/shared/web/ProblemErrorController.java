package io.lakehouse.shared.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/** Replaces Boot's whitelabel page: errors raised outside handlers (filters, the container) also get problem details. */
@Controller
public class ProblemErrorController implements ErrorController {
    private final ProblemWriter writer;

    public ProblemErrorController(ProblemWriter writer) {
        this.writer = writer;
    }

    @RequestMapping("${server.error.path:/error}")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        int status = code instanceof Integer i ? i : 500;
        String id = RequestIds.of(request);
        if (id != null) {
            MDC.put(RequestIds.MDC_KEY, id);
        }
        PayloadTooLargeException tooLarge = failure instanceof Throwable t ? PayloadTooLargeException.find(t) : null;
        if (tooLarge != null) {
            writer.write(response, Problems.of(CommonError.PAYLOAD_TOO_LARGE, tooLarge.getMessage(),
                    originalRequest(request), java.util.Map.of("limit_bytes", tooLarge.limitBytes())));
            return;
        }
        if (status == 404 && request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) == null) {
            // A direct GET /error.
            writer.write(request, response, CommonError.NOT_FOUND, "no such route: /error");
            return;
        }
        CommonError error = CommonError.forStatus(status);
        String detail = status >= 500 ? "an unexpected error occurred; quote request_id " + id + " when reporting it"
                : messageOr(request, error.title());
        var p = Problems.of(error, detail, originalRequest(request));
        p.setStatus(status);
        writer.write(response, p);
    }

    private static String messageOr(HttpServletRequest request, String fallback) {
        Object m = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        return m instanceof String s && !s.isBlank() ? s : fallback;
    }

    /** The error dispatch's request carries the original URI in an attribute. */
    private static HttpServletRequest originalRequest(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (!(uri instanceof String s)) {
            return request;
        }
        return new jakarta.servlet.http.HttpServletRequestWrapper(request) {
            @Override
            public String getRequestURI() {
                return s;
            }
        };
    }
}
