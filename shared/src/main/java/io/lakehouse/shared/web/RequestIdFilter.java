package io.lakehouse.shared.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/** Accepts or generates the request id, echoes it, puts it in the logging context and optionally logs the request. */
public final class RequestIdFilter extends OncePerRequestFilter {
    private static final Logger ACCESS = LoggerFactory.getLogger("lakehouse.access");

    private final boolean accessLog;

    public RequestIdFilter(boolean accessLog) {
        this.accessLog = accessLog;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = request.getHeader(RequestIds.HEADER);
        if (!RequestIds.acceptable(id)) {
            id = RequestIds.generate();
        }
        request.setAttribute(RequestIds.ATTRIBUTE, id);
        response.setHeader(RequestIds.HEADER, id);
        MDC.put(RequestIds.MDC_KEY, id);
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            if (accessLog) {
                ACCESS.info("{} {} -> {} in {} ms", request.getMethod(), request.getRequestURI(), response.getStatus(),
                        (System.nanoTime() - start) / 1_000_000);
            }
            MDC.remove(RequestIds.MDC_KEY);
        }
    }
}
