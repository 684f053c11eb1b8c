package io.lakehouse.pathwayd.api;

import io.lakehouse.pathwayd.PathwaydProperties;
import io.lakehouse.pathwayd.memory.Command;
import io.lakehouse.pathwayd.memory.Memory;
import io.lakehouse.pathwayd.memory.MemoryService;
import io.lakehouse.pathwayd.memory.MemoryStateMachine.Decision;
import io.lakehouse.shared.web.ApiException;
import io.lakehouse.shared.web.CommonError;
import io.lakehouse.shared.web.ProblemWriter;
import io.lakehouse.shared.web.RequestBodies;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.ServerHttpObservationFilter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ADD ({@code POST /v1/memories}) and bulk ADD ({@code POST /v1/memories:batch}) answered right here, in a filter
 * after the shared ones, instead of by a Spring MVC controller.
 *
 * <p>Why: ADD is the write path under load, and MVC's dispatch around the controller (handler lookup, argument
 * resolution through the message converters, return-value handling, the buffered answer) was about 40 % of the
 * request threads' CPU samples at 32 clients, more than deciding, journaling and answering the ADD. The shared
 * filters (request id, auth, body size limit) still apply, failures are the same problem details the shared advice
 * writes, and the answer goes out in one write with its length. A filter rather than a servlet, so
 * {@code GET /v1/memories} (list) stays with MVC untouched.
 *
 * <p>{@code http.server.requests} of these POSTs is recorded here, into the timers Spring's observation fills
 * (same name, same tags, so alerts and dashboards see no difference), and Spring's observation of them is skipped
 * ({@link ApiConfiguration}): creating, starting and stopping an observation per request, and finding its timer by
 * tags, was about 10 % of the request threads' CPU samples.
 */
public final class MemoryWrites extends HttpFilter {
    static final String MEMORIES = "/v1/memories";
    static final String BATCH = "/v1/memories:batch";
    private static final String ALLOW_MEMORIES = "GET, HEAD, POST, OPTIONS";
    private static final String ALLOW_BATCH = "POST, OPTIONS";
    private static final byte[] BATCH_OPEN = "{\"memories\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BATCH_CLOSE = "]}".getBytes(StandardCharsets.US_ASCII);

    private final transient MemoryService service;
    private final transient Bodies bodies;
    private final transient JsonMapper json;
    private final transient ProblemWriter problems;
    private final transient MeterRegistry meters;
    /** By status, negated for the batch path. */
    private final transient ConcurrentHashMap<Integer, Timer> timers = new ConcurrentHashMap<>();

    MemoryWrites(MemoryService service, PathwaydProperties props, JsonMapper json, ProblemWriter problems,
                 MeterRegistry meters) {
        this.service = service;
        this.meters = meters;
        this.bodies = new Bodies(props.limits());
        this.json = json;
        this.problems = problems;
    }

    /** Whether the request is one this filter answers and times itself (Spring does not observe it). */
    static boolean timedHere(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && (MEMORIES.equals(request.getRequestURI())
                || BATCH.equals(request.getRequestURI()));
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getServletPath();
        boolean batch = BATCH.equals(path);
        String method = request.getMethod();
        if (!batch && !MEMORIES.equals(path)
                || !batch && ("GET".equals(method) || "HEAD".equals(method))) {
            chain.doFilter(request, response);
            return;
        }
        if ("POST".equals(method)) {
            long t0 = System.nanoTime();
            try {
                post(request, response, batch);
            } finally {
                timer(batch, response.getStatus()).record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            }
            return;
        }
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(c -> c.setPathPattern(path));
        try {
            response.setHeader(HttpHeaders.ALLOW, batch ? ALLOW_BATCH : ALLOW_MEMORIES);
            if (!"OPTIONS".equals(method)) {
                throw new ApiException(CommonError.METHOD_NOT_ALLOWED, "request method '" + method
                        + "' is not supported on " + path);
            }
        } catch (RuntimeException e) {
            problems.fail(request, response, e);
        }
    }

    private void post(HttpServletRequest request, HttpServletResponse response, boolean batch) throws IOException {
        try {
            byte[] body = read(request);
            if (batch) {
                answer(response, batch(service.submitAll(bodies.batch(tree(body)))));
            } else {
                // The usual body straight into the command; anything else through the tree, for its exact error.
                Command.Add add = bodies.addOrNull(body, json);
                Decision d = service.submit(add != null ? add : bodies.add(tree(body), "body"));
                Memory m = d.result();
                response.setHeader(HttpHeaders.ETAG, "\"" + m.version() + "\"");
                response.setHeader(HttpHeaders.LOCATION, MEMORIES + "/" + m.id());
                answer(response, json(d));
            }
        } catch (RuntimeException e) {
            problems.fail(request, response, e);
        }
    }

    /** The {@code http.server.requests} timer Spring's observation would have recorded this POST into. */
    private Timer timer(boolean batch, int status) {
        int key = batch ? -status : status;
        Timer t = timers.get(key);
        if (t == null) {
            t = timers.computeIfAbsent(key, k -> Timer.builder("http.server.requests")
                    .tags("error", "none", "exception", "none", "method", "POST", "outcome", outcome(status),
                            "status", Integer.toString(status), "uri", batch ? BATCH : MEMORIES)
                    .register(meters));
        }
        return t;
    }

    private static String outcome(int status) {
        return switch (status / 100) {
            case 1 -> "INFORMATIONAL";
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            case 4 -> "CLIENT_ERROR";
            case 5 -> "SERVER_ERROR";
            default -> "UNKNOWN";
        };
    }

    /** The memory as JSON: as journaling serialized it (the same bytes the web mapper writes), or serialized now. */
    private byte[] json(Decision d) {
        return d.resultJson() != null ? d.resultJson() : json.writeValueAsBytes(d.result());
    }

    /** {@code {"memories":[...]}} from the memories' JSON. */
    private byte[] batch(List<Decision> ds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 512 * ds.size());
        out.writeBytes(BATCH_OPEN);
        for (int i = 0; i < ds.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(json(ds.get(i)));
        }
        out.writeBytes(BATCH_CLOSE);
        return out.toByteArray();
    }

    private static void answer(HttpServletResponse response, byte[] body) throws IOException {
        response.setStatus(HttpServletResponse.SC_CREATED);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The body, refused as MVC's {@code @RequestBody} would: 415 when not JSON, 400 when missing. */
    private static byte[] read(HttpServletRequest request) throws IOException {
        String type = request.getContentType();
        if (type == null || !plainJson(type) && !jsonType(type)) {
            throw new ApiException(CommonError.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + type
                    + "' is not supported; send application/json");
        }
        byte[] body = RequestBodies.read(request);
        if (body.length == 0) {
            throw new ApiException(CommonError.MALFORMED_REQUEST, "request body is missing");
        }
        return body;
    }

    /** The body as a tree: 400 when it is not JSON. */
    private JsonNode tree(byte[] body) {
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            String msg = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            int nl = msg.indexOf('\n');
            throw new ApiException(CommonError.MALFORMED_REQUEST, "request body is not valid JSON: "
                    + (nl < 0 ? msg : msg.substring(0, nl)).strip());
        }
    }

    /** {@code application/json}, with parameters or not: the common case, without parsing the media type. */
    private static boolean plainJson(String type) {
        int n = MediaType.APPLICATION_JSON_VALUE.length();
        return type.regionMatches(true, 0, MediaType.APPLICATION_JSON_VALUE, 0, n)
                && (type.length() == n || type.charAt(n) == ';');
    }

    private static boolean jsonType(String type) {
        try {
            MediaType t = MediaType.parseMediaType(type);
            return MediaType.APPLICATION_JSON.isCompatibleWith(t) || "json".equals(t.getSubtypeSuffix());
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
