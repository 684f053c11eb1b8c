package io.lakehouse.observerd.runs;

import io.lakehouse.observerd.ObserverdError;
import io.lakehouse.observerd.ObserverdProperties;
import io.lakehouse.observerd.observation.ObservationCodec;
import io.lakehouse.shared.web.ApiException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/** {@code GET /v1/runs/{run_id}} (the run as a tree) and {@code GET /v1/runs} (newest first, filtered, paged). */
@RestController
class RunsController {
    private final RunIndex runs;
    private final RunTrees trees;
    private final ObserverdProperties.Runs settings;

    RunsController(RunIndex runs, RunTrees trees, ObserverdProperties props) {
        this.runs = runs;
        this.trees = trees;
        this.settings = props.runs();
    }

    @GetMapping("/v1/runs/{runId}")
    ObjectNode run(@PathVariable String runId) {
        RunView view = runs.get(runId).orElseThrow(() -> new ApiException(ObserverdError.RUN_NOT_FOUND,
                "no run " + runId + " in memory (runs evicted from memory stay queryable in the lake, dataset "
                        + "observation)", Map.of("run_id", runId)));
        return trees.tree(view);
    }

    @GetMapping("/v1/runs")
    Map<String, Object> list(@RequestParam(required = false) String agent,
                             @RequestParam(required = false) String since,
                             @RequestParam(required = false) String status,
                             @RequestParam(required = false) Integer limit,
                             @RequestParam(required = false) String cursor) {
        int n = limit == null ? settings.defaultPageSize() : limit;
        if (n < 1 || n > settings.maxPageSize()) {
            throw new ApiException(ObserverdError.INVALID_QUERY, "limit must be between 1 and "
                    + settings.maxPageSize());
        }
        if (status != null && !status.equals("ok") && !status.equals("error")) {
            throw new ApiException(ObserverdError.INVALID_QUERY, "status must be ok or error");
        }
        long sinceNanos = Long.MIN_VALUE;
        if (since != null) {
            try {
                sinceNanos = ObservationCodec.epochNanos(OffsetDateTime.parse(since).toInstant());
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new ApiException(ObserverdError.INVALID_QUERY, "since must be an RFC 3339 date-time, e.g. "
                        + "2026-11-29T10:00:00Z");
            }
        }
        RunSummary.Cursor after = null;
        if (cursor != null) {
            try {
                after = RunSummary.Cursor.decode(cursor);
            } catch (IllegalArgumentException e) {
                throw new ApiException(ObserverdError.INVALID_QUERY, "cursor is not one this server gave out");
            }
        }
        long from = sinceNanos;
        Predicate<RunSummary> filter = s -> (agent == null || agent.equals(s.agent()))
                && (status == null || status.equals(s.status())) && s.startedNanos() >= from;
        // One extra run tells whether there is a next page.
        List<RunSummary> page = runs.list(filter, after, n + 1);
        boolean more = page.size() > n;
        List<RunSummary> shown = more ? page.subList(0, n) : page;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("runs", shown.stream().map(RunsController::summary).toList());
        answer.put("next_cursor", more ? shown.getLast().cursor().encode() : null);
        return answer;
    }

    static Map<String, Object> summary(RunSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", s.runId());
        m.put("agent", s.agent());
        m.put("name", s.name());
        m.put("status", s.status());
        m.put("started_at", time(s.startedNanos()));
        m.put("ended_at", time(s.endedNanos()));
        m.put("duration_ms", (s.endedNanos() - s.startedNanos()) / 1e6);
        m.put("observations", s.observations());
        m.put("errors", s.errors());
        m.put("input_tokens", s.inputTokens());
        m.put("output_tokens", s.outputTokens());
        m.put("cost_usd", s.costUsd());
        m.put("has_root", s.hasRoot());
        return m;
    }

    static String time(long nanos) {
        return Instant.ofEpochSecond(0, nanos).toString();
    }
}
