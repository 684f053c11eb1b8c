package io.lakehouse.observerd.stats;

import io.lakehouse.observerd.ObserverdError;
import io.lakehouse.observerd.ObserverdProperties;
import io.lakehouse.shared.web.ApiException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/stats?agent=&kind=&window=1m|5m|1h}: answered from memory. */
@RestController
class StatsController {
    private final LiveStats stats;
    private final double precisionPct;

    StatsController(LiveStats stats, ObserverdProperties props) {
        this.stats = stats;
        this.precisionPct = Math.pow(10, 2 - props.stats().significantDigits());
    }

    @GetMapping("/v1/stats")
    Map<String, Object> stats(@RequestParam(required = false) String agent,
                              @RequestParam(required = false) String kind,
                              @RequestParam(defaultValue = "5m") String window) {
        Window w = Window.of(window).orElseThrow(() -> new ApiException(ObserverdError.INVALID_QUERY,
                "window must be one of 1m, 5m, 1h"));
        LiveStats.Report r = stats.query(w, blankToNull(agent), blankToNull(kind));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("window", r.window());
        m.put("from", Instant.ofEpochMilli(r.fromMillis()).toString());
        m.put("to", Instant.ofEpochMilli(r.toMillis()).toString());
        m.put("agent", blankToNull(agent));
        m.put("kind", blankToNull(kind));
        m.put("duration_precision_pct", precisionPct);
        m.put("total", figures(r.total()));
        m.put("groups", r.groups().stream().map(g -> {
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("agent", g.agent());
            gm.put("name", g.name());
            gm.putAll(figures(g.figures()));
            return gm;
        }).toList());
        return m;
    }

    private static Map<String, Object> figures(LiveStats.Figures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", f.count());
        m.put("errors", f.errors());
        m.put("error_rate", f.errorRate());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("p50", nullIfNaN(f.p50Ms()));
        d.put("p95", nullIfNaN(f.p95Ms()));
        d.put("p99", nullIfNaN(f.p99Ms()));
        d.put("max", nullIfNaN(f.maxMs()));
        m.put("duration_ms", d);
        m.put("input_tokens", f.inputTokens());
        m.put("output_tokens", f.outputTokens());
        m.put("cost_usd", f.costUsd());
        return m;
    }

    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
