package io.lakehouse.pathwayd.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Buffers each API answer and sends it with its {@code Content-Length} in one write. Without it, Spring's JSON
 * converter flushes after the body, so Tomcat commits a chunked answer and then writes the closing chunk: two socket
 * writes per answer (16 % of the request threads' CPU samples under ADD load). Answers here are small (a memory, a
 * page of at most 1,000 memories), so the buffer costs less than the second write.
 */
public final class OneWriteAnswers extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, buffered);
        } finally {
            buffered.copyBodyToResponse();
        }
    }
}
