package io.lakehouse.shared.web;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error raised in a handler becomes problem details with {@code code} and {@code request_id}: Spring's own
 * (404 unknown route, 405, 406, 415, 400 unreadable JSON), ours ({@link ApiException}), too-large bodies (413) and
 * anything unexpected (500, logged with its stack trace, never shown to the client).
 *
 * <p>Lowest precedence so a daemon can answer its own endpoints in another shape (validatord's validate bodies).
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> api(ApiException e, HttpServletRequest request) {
        return respond(Problems.of(e.error(), e.getMessage(), request, e.properties()));
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<Object> tooLarge(PayloadTooLargeException e, HttpServletRequest request) {
        return respond(Problems.of(CommonError.PAYLOAD_TOO_LARGE, e.getMessage(), request,
                java.util.Map.of("limit_bytes", e.limitBytes())));
    }

    @ExceptionHandler(io.lakehouse.store.InvalidKeyException.class)
    ResponseEntity<Object> invalidKey(io.lakehouse.store.InvalidKeyException e, HttpServletRequest request) {
        return respond(Problems.of(CommonError.INVALID_ARGUMENT, "invalid name: " + e.reason(), request));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        PayloadTooLargeException tooLarge = PayloadTooLargeException.find(e);
        if (tooLarge != null) {
            return tooLarge(tooLarge, request);
        }
        LOG.error("unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(Problems.of(CommonError.INTERNAL_ERROR,
                "an unexpected error occurred; quote request_id " + RequestIds.of(request) + " when reporting it",
                request));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        HttpServletRequest servlet = servlet(request);
        PayloadTooLargeException tooLarge = PayloadTooLargeException.find(ex);
        if (tooLarge != null) {
            return tooLarge(tooLarge, servlet);
        }
        return respond(Problems.of(CommonError.MALFORMED_REQUEST, readable(ex), servlet));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail p = body instanceof ProblemDetail pd ? pd
                : ProblemDetail.forStatusAndDetail(statusCode, ex.getMessage());
        Problems.complete(p, servlet(request));
        HttpHeaders h = new HttpHeaders();
        if (headers != null) {
            h.putAll(headers);
        }
        h.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(ProblemWriter.asMap(p), h, statusCode);
    }

    /** Jackson's message names the line and column; the class names around it help nobody. */
    static String readable(HttpMessageNotReadableException ex) {
        Throwable root = ex.getMostSpecificCause();
        String msg = root.getMessage() == null ? "request body is not readable" : root.getMessage();
        int nl = msg.indexOf('\n');
        String first = nl < 0 ? msg : msg.substring(0, nl);
        if (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")) {
            return "request body is missing";
        }
        return "request body is not valid JSON: " + first.replaceAll("\\(class [^)]*\\)", "").strip();
    }

    private static ResponseEntity<Object> respond(ProblemDetail p) {
        var builder = ResponseEntity.status(p.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (p.getStatus() == 429 || p.getStatus() == 503) {
            // Every bounded queue answers 429 when full; clients need to know when to come back.
            builder.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return builder.body(ProblemWriter.asMap(p));
    }

    private static HttpServletRequest servlet(WebRequest request) {
        return request instanceof NativeWebRequest n ? n.getNativeRequest(HttpServletRequest.class) : null;
    }
}
