package io.lakehouse.observerd.replay;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A list of recorded HTTP exchanges. One case is
 * {@code {"name","request":{"method","path","headers"?,"content_type"?,"body"? | "body_raw"? | "body_fill"?},
 * "response":{"status","body"?}}}; {@code "expected"} is accepted for {@code "response"}, so the validatord wire
 * fixtures ({@code contracts/validatord/*.json}) are captures as they are.
 */
public record Capture(List<Case> cases) {
    /** Most bytes the {@code body_fill}s of one capture may ask for together (they are generated up front). */
    static final int MAX_FILL = 64 << 20;

    /** One exchange. {@code expectedBody} is null when only the status is compared. */
    public record Case(String name, String method, String path, Map<String, String> headers, byte[] body,
                       int expectedStatus, JsonNode expectedBody) {
    }

    /**
     * Reads cases from a JSON array, or an object with {@code "cases"}.
     *
     * @throws IllegalArgumentException naming the first case that is not well formed
     */
    public static Capture parse(JsonNode root, int maxCases) {
        JsonNode cases = root != null && root.isObject() ? root.get("cases") : root;
        if (cases == null || !cases.isArray()) {
            throw new IllegalArgumentException("a capture is a JSON array of cases or {\"cases\": [...]}");
        }
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("the capture has no cases");
        }
        if (cases.size() > maxCases) {
            throw new IllegalArgumentException("the capture has " + cases.size() + " cases; at most " + maxCases);
        }
        List<Case> out = new ArrayList<>(cases.size());
        long filled = 0;
        for (int i = 0; i < cases.size(); i++) {
            JsonNode fill = cases.get(i).path("request").path("body_fill");
            filled += Math.max(0, fill.path("length").asLong(0));
            if (filled > MAX_FILL) {
                throw new IllegalArgumentException("the body_fill lengths of the capture add up to more than "
                        + MAX_FILL + " bytes");
            }
            out.add(parseCase(cases.get(i), i));
        }
        return new Capture(out);
    }

    private static Case parseCase(JsonNode c, int i) {
        String where = "case " + i;
        if (!c.isObject()) {
            throw new IllegalArgumentException(where + " must be an object");
        }
        String name = c.path("name").isString() ? c.get("name").asString() : "case-" + i;
        where = "case " + i + " (" + name + ")";
        JsonNode req = c.get("request");
        if (req == null || !req.isObject()) {
            throw new IllegalArgumentException(where + ": missing object \"request\"");
        }
        String method = req.path("method").asString("GET").toUpperCase(Locale.ROOT);
        if (!method.matches("[A-Z]{1,16}")) {
            throw new IllegalArgumentException(where + ": request.method is not an HTTP method");
        }
        String path = req.path("path").asString("");
        if (!path.startsWith("/") || path.startsWith("//")) {
            throw new IllegalArgumentException(where + ": request.path must start with a single /");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode h = req.get("headers");
        if (h != null && h.isObject()) {
            h.properties().forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
        }
        if (req.path("content_type").isString()) {
            headers.put("Content-Type", req.get("content_type").asString());
        }
        byte[] body = body(req, where);
        JsonNode resp = c.has("response") ? c.get("response") : c.get("expected");
        if (resp == null || !resp.isObject() || !resp.path("status").isIntegralNumber()) {
            throw new IllegalArgumentException(where + ": missing \"response\" (or \"expected\") with an integer status");
        }
        JsonNode expectedBody = resp.get("body");
        return new Case(name, method, path, Map.copyOf(headers), body, resp.get("status").intValue(),
                expectedBody == null || expectedBody.isMissingNode() ? null : expectedBody);
    }

    private static byte[] body(JsonNode req, String where) {
        if (req.has("body_raw")) {
            return req.get("body_raw").asString().getBytes(StandardCharsets.UTF_8);
        }
        if (req.has("body_fill")) {
            JsonNode f = req.get("body_fill");
            String b = f.path("byte").asString("");
            long length = f.path("length").asLong(-1);
            if (b.length() != 1 || length < 0 || length > MAX_FILL) {
                throw new IllegalArgumentException(where + ": body_fill needs a one-character byte and a length up to "
                        + MAX_FILL + " bytes");
            }
            byte[] body = new byte[(int) length];
            Arrays.fill(body, (byte) b.charAt(0));
            return body;
        }
        JsonNode body = req.get("body");
        return body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
