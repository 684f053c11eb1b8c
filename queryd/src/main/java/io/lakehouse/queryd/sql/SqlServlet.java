package io.lakehouse.queryd.sql;

import io.lakehouse.shared.web.ApiException;
import io.lakehouse.shared.web.CommonError;
import io.lakehouse.shared.web.ProblemWriter;
import io.lakehouse.shared.web.RequestBodies;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /sql}: a JSON body {@code {"sql","params","max_rows"}} or a {@code text/plain} statement.
 *
 * <p>A servlet of its own rather than a Spring MVC handler: MVC's dispatch (handler lookup, argument resolution,
 * return-value handling, the request-handled event) was about 13 % of the CPU of a small statement, and this
 * endpoint needs none of it. The shared filters (request id, auth, body size, observation) still apply, and errors
 * are the same problem documents the shared advice writes.
 */
final class SqlServlet extends HttpServlet {
    private static final Set<String> MEMBERS = Set.of("sql", "params", "max_rows");

    private final transient QueryService queries;
    private final transient JsonMapper json;
    private final transient ProblemWriter problems;

    SqlServlet(QueryService queries, JsonMapper json, ProblemWriter problems) {
        this.queries = queries;
        this.json = json;
        this.problems = problems;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (!"POST".equals(request.getMethod())) {
                response.setHeader(HttpHeaders.ALLOW, "POST");
                throw new ApiException(CommonError.METHOD_NOT_ALLOWED, "POST /sql only; got " + request.getMethod());
            }
            ResultFormat format = ResultFormat.negotiate(request.getHeader(HttpHeaders.ACCEPT));
            byte[] body = RequestBodies.read(request);
            queries.run(parse(request.getContentType(), body), format, response);
        } catch (RuntimeException e) {
            problems.fail(request, response, e);
        }
    }

    SqlRequest parse(String contentType, byte[] body) {
        MediaType type;
        try {
            type = contentType == null ? MediaType.APPLICATION_JSON : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            throw new ApiException(CommonError.UNSUPPORTED_MEDIA_TYPE, "Content-Type is not valid: " + contentType);
        }
        if (body.length == 0) {
            throw bad("the request body is empty");
        }
        if (MediaType.TEXT_PLAIN.isCompatibleWith(type) || "application/sql".equals(type.getType() + "/"
                + type.getSubtype())) {
            var cs = type.getCharset() == null ? StandardCharsets.UTF_8 : type.getCharset();
            return new SqlRequest(new String(body, cs), List.of(), null);
        }
        if (!MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
            throw new ApiException(CommonError.UNSUPPORTED_MEDIA_TYPE,
                    "POST /sql takes application/json or text/plain, not " + contentType);
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw bad("the request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw bad("the request body must be a JSON object {\"sql\": \"...\", \"params\": [...], \"max_rows\": N}");
        }
        for (String name : root.propertyNames()) {
            if (!MEMBERS.contains(name)) {
                throw bad("unknown member '" + name + "'; expected sql, params, max_rows");
            }
        }
        JsonNode sql = root.get("sql");
        if (sql == null || !sql.isString()) {
            throw bad("'sql' must be a string holding one statement");
        }
        List<JsonNode> params = new ArrayList<>();
        JsonNode p = root.get("params");
        if (p != null && !p.isNull()) {
            if (!p.isArray()) {
                throw bad("'params' must be an array of values for the ? placeholders");
            }
            for (int i = 0; i < p.size(); i++) {
                JsonNode v = p.get(i);
                if (v.isContainer()) {
                    throw bad("params[" + i + "] must be a string, number, boolean or null");
                }
                params.add(v);
            }
        }
        Long maxRows = null;
        JsonNode m = root.get("max_rows");
        if (m != null && !m.isNull()) {
            if (!m.isIntegralNumber() || !m.canConvertToLong() || m.longValue() < 1) {
                throw bad("'max_rows' must be a positive integer, got " + m);
            }
            maxRows = m.longValue();
        }
        return new SqlRequest(sql.asString(), params, maxRows);
    }

    private static ApiException bad(String detail) {
        return new ApiException(QuerydError.BAD_REQUEST, detail);
    }
}
