package io.lakehouse.shared.auth;

import io.lakehouse.shared.web.CommonError;
import io.lakehouse.shared.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/** Requires {@code Authorization: Bearer <token>} on every path but liveness and readiness; 401 otherwise. */
public final class BearerTokenFilter extends OncePerRequestFilter {

    /** Probes stay open so that systemd, load balancers and orchestrators need no secret. */
    static final Set<String> OPEN_PATHS = Set.of("/actuator/health/liveness", "/actuator/health/readiness");
    private static final String PREFIX = "Bearer ";

    private final AuthToken token;
    private final ProblemWriter problems;

    public BearerTokenFilter(AuthToken token, ProblemWriter problems) {
        this.token = token;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (OPEN_PATHS.contains(request.getRequestURI())) {
            chain.doFilter(request, response);
            return;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            reject(request, response, "missing bearer token: send 'Authorization: Bearer <token>'");
            return;
        }
        if (!token.matches(header.substring(PREFIX.length()).strip())) {
            reject(request, response, "the bearer token is not valid");
            return;
        }
        chain.doFilter(request, response);
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"lakehouse\"");
        problems.write(request, response, CommonError.UNAUTHORIZED, detail);
    }
}
