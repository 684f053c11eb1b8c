package io.lakehouse.observerd.replay;

import io.lakehouse.observerd.ObserverdError;
import io.lakehouse.observerd.ObserverdProperties;
import io.lakehouse.observerd.observation.Observation;
import io.lakehouse.observerd.runs.RunIndex;
import io.lakehouse.observerd.runs.RunView;
import io.lakehouse.shared.web.ApiException;
import io.lakehouse.shared.web.ErrorCode;
import io.lakehouse.store.ObjectInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Captures ({@code PUT/GET/DELETE /v1/captures/{name}}, {@code GET /v1/captures}) and {@code POST /v1/replay}. */
@RestController
class ReplayController {
    /** The observation attribute that holds a recorded exchange. */
    static final String EXCHANGE = "lakehouse.exchange";

    private final CaptureStore captures;
    private final Replayer replayer;
    private final TargetPolicy policy;
    private final JsonMapper json;
    private final ObserverdProperties.Replay settings;
    private final MeterRegistry meters;
    private final RunIndex runs;

    ReplayController(CaptureStore captures, Replayer replayer, TargetPolicy policy, JsonMapper json,
                     ObserverdProperties props, MeterRegistry meters, RunIndex runs) {
        this.runs = runs;
        this.captures = captures;
        this.replayer = replayer;
        this.policy = policy;
        this.json = json;
        this.settings = props.replay();
        this.meters = meters;
    }

    @PutMapping("/v1/captures/{name}")
    Map<String, Object> put(@PathVariable String name, HttpServletRequest request) throws IOException {
        checkName(name);
        byte[] body = read(request);
        Capture capture = capture(parse(body, ObserverdError.INVALID_CAPTURE));
        captures.put(name, body);
        return Map.of("name", name, "cases", capture.cases().size());
    }

    /**
     * Builds a capture from a run whose observations carry the exchange they made, as the attribute
     * {@code lakehouse.exchange = {"request":{...},"response":{...}}}: one case per such observation, in start order.
     */
    @PostMapping("/v1/captures/{name}/from-run/{runId}")
    Map<String, Object> fromRun(@PathVariable String name, @PathVariable String runId) throws IOException {
        checkName(name);
        RunView run = runs.get(runId).orElseThrow(() -> new ApiException(ObserverdError.RUN_NOT_FOUND,
                "no run " + runId + " in memory", Map.of("run_id", runId)));
        List<Observation> ordered = new ArrayList<>(run.observations());
        ordered.sort(java.util.Comparator.comparingLong(Observation::startedNanos)
                .thenComparing(Observation::observationId));
        ArrayNode cases = json.createArrayNode();
        for (Observation o : ordered) {
            JsonNode exchange = json.readTree(o.line()).path("attributes").get(EXCHANGE);
            if (exchange != null && exchange.isObject()) {
                ObjectNode c = json.createObjectNode();
                c.put("name", o.name() + " " + o.observationId());
                c.set("request", exchange.get("request"));
                c.set("response", exchange.get("response"));
                cases.add(c);
            }
        }
        if (cases.isEmpty()) {
            throw new ApiException(ObserverdError.INVALID_CAPTURE, "no observation of run " + runId
                    + " carries the attribute " + EXCHANGE);
        }
        ObjectNode doc = json.createObjectNode();
        doc.set("cases", cases);
        Capture capture = capture(doc);
        captures.put(name, json.writeValueAsBytes(doc));
        return Map.of("name", name, "cases", capture.cases().size());
    }

    @GetMapping("/v1/captures/{name}")
    ResponseEntity<byte[]> get(@PathVariable String name) throws IOException {
        checkName(name);
        byte[] body = captures.get(name).orElseThrow(() -> notFound(name));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @DeleteMapping("/v1/captures/{name}")
    ResponseEntity<Void> delete(@PathVariable String name) throws IOException {
        checkName(name);
        if (!captures.delete(name)) {
            throw notFound(name);
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/v1/captures")
    Map<String, Object> list() throws IOException {
        List<Map<String, Object>> all = new ArrayList<>();
        for (ObjectInfo o : captures.list()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", CaptureStore.nameOf(o));
            m.put("size_bytes", o.size());
            m.put("updated_at", String.valueOf(o.modified()));
            all.add(m);
        }
        return Map.of("captures", all);
    }

    @PostMapping("/v1/replay")
    Map<String, Object> replay(HttpServletRequest request) throws IOException {
        JsonNode body = parse(read(request), ObserverdError.INVALID_REPLAY);
        if (!body.isObject()) {
            throw new ApiException(ObserverdError.INVALID_REPLAY, "the body must be a JSON object");
        }
        String targetText = body.path("target").asString("");
        URI target;
        try {
            target = TargetPolicy.parse(targetText);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ObserverdError.INVALID_REPLAY, e.getMessage());
        }
        if (!policy.allows(target)) {
            throw new ApiException(ObserverdError.TARGET_NOT_ALLOWED, "target " + target + " is not in "
                    + "lakehouse.observerd.replay.allowed-targets", Map.of("target", target.toString()));
        }
        Capture capture;
        if (body.has("capture_name")) {
            String name = body.get("capture_name").asString("");
            checkName(name);
            capture = capture(parse(captures.get(name).orElseThrow(() -> notFound(name)),
                    ObserverdError.INVALID_CAPTURE));
        } else if (body.has("capture")) {
            capture = capture(body.get("capture"));
        } else {
            throw new ApiException(ObserverdError.INVALID_REPLAY, "give \"capture\" (the cases) or \"capture_name\"");
        }
        List<String> ignore = new ArrayList<>();
        body.path("ignore").forEach(p -> ignore.add(p.asString()));
        IgnorePaths paths;
        try {
            paths = IgnorePaths.compile(ignore);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ObserverdError.INVALID_REPLAY, e.getMessage());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        body.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
        Replayer.Report report = replayer.replay(capture, target, paths, headers);
        report.cases().forEach(c -> Counter.builder("lakehouse.observerd.replay.cases")
                .tag("outcome", c.error() != null ? "error" : c.statusMatch() && c.bodyMatch() ? "match" : "drift")
                .register(meters).increment());
        return render(report);
    }

    static Map<String, Object> render(Replayer.Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", r.target());
        m.put("total", r.total());
        m.put("status_match", r.statusMatch());
        m.put("body_match", r.bodyMatch());
        m.put("summary", r.summary());
        List<Map<String, Object>> cases = new ArrayList<>();
        for (Replayer.CaseResult c : r.cases()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("expected", c.expectedStatus());
            status.put("actual", c.actualStatus());
            cm.put("status", status);
            cm.put("status_match", c.statusMatch());
            cm.put("body_match", c.bodyMatch());
            cm.put("diff", c.diff().stream().map(d -> {
                Map<String, Object> dm = new LinkedHashMap<>();
                dm.put("path", d.path());
                dm.put("change", d.change());
                dm.put("expected", d.expected());
                dm.put("actual", d.actual());
                return dm;
            }).toList());
            cm.put("ignored", c.ignored());
            if (c.error() != null) {
                cm.put("error", c.error());
            }
            cm.put("elapsed_ms", c.elapsedMs());
            cases.add(cm);
        }
        m.put("cases", cases);
        return m;
    }

    private Capture capture(JsonNode node) {
        try {
            return Capture.parse(node, settings.maxCases());
        } catch (IllegalArgumentException e) {
            throw new ApiException(ObserverdError.INVALID_CAPTURE, e.getMessage());
        }
    }

    private JsonNode parse(byte[] body, ErrorCode error) {
        try {
            JsonNode n = json.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw new ApiException(error, "the body is empty");
            }
            return n;
        } catch (JacksonException e) {
            throw new ApiException(error, "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static byte[] read(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static void checkName(String name) {
        if (!CaptureStore.validName(name)) {
            throw new ApiException(ObserverdError.INVALID_CAPTURE, "a capture name is 1-100 letters, digits, "
                    + "'_', '.' or '-', starting with a letter or digit");
        }
    }

    private static ApiException notFound(String name) {
        return new ApiException(ObserverdError.CAPTURE_NOT_FOUND, "no capture " + name, Map.of("capture", name));
    }
}
