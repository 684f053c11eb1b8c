package io.lakehouse.validatord.validate;

import io.lakehouse.shared.web.PayloadTooLargeException;
import io.lakehouse.shared.web.RequestBodies;
import io.lakehouse.validatord.validate.ValidateBodies.Answer;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * {@code POST /v1/validate} and {@code POST /v1/validate/batch} as a plain servlet next to Spring MVC's dispatcher.
 *
 * <p>Why not a controller: these two endpoints are the daemon's hot path (a ~500-byte body, a few microseconds of
 * validation), and the dispatcher's per-request work (handler lookup, argument and return value handling, content
 * negotiation, request-handled events) cost more than the validation itself. The servlet container's filters still
 * apply (request id, auth, body size limit, the {@code http.server.requests} observation, tagged with the path here),
 * and errors outside the answer shapes (405, 500) go through the shared problem details error page.
 */
final class ValidateServlet extends HttpServlet {
    static final String SINGLE = "/v1/validate";
    static final String BATCH = "/v1/validate/batch";
    private static final String JSON = "application/json";

    private final transient ValidateEndpoints endpoints;

    ValidateServlet(ValidateEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String path = request.getServletPath();
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(c -> c.setPathPattern(path));
        if ("POST".equals(request.getMethod())) {
            post(request, response);
        } else if ("OPTIONS".equals(request.getMethod())) {
            response.setHeader("Allow", "POST, OPTIONS");
        } else {
            response.setHeader("Allow", "POST, OPTIONS");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    "request method '" + request.getMethod() + "' is not supported");
        }
    }

    private void post(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Answer answer;
        try {
            if (BATCH.equals(request.getServletPath())) {
                ValidateEndpoints.Target target = endpoints.batchTarget(request.getQueryString());
                answer = target.refusal() != null ? target.refusal()
                        : endpoints.batch(target.contract(), RequestBodies.read(request));
            } else {
                answer = endpoints.validate(RequestBodies.read(request));
            }
        } catch (PayloadTooLargeException e) {
            answer = endpoints.tooLarge(e);
        }
        response.setStatus(answer.status());
        response.setContentType(JSON);
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }
}
