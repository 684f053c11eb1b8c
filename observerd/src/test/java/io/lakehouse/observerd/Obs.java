package io.lakehouse.observerd;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds observation JSON for tests. */
final class Obs {
    private Obs() {
    }

    static String obs(String id, String run, String parent, String agent, String kind, String name, Instant start,
                      long durationMs, String status, Integer in, Integer out, Double cost) {
        StringBuilder b = new StringBuilder("{\"observation_id\":\"").append(id).append("\",\"run_id\":\"").append(run)
                .append('"');
        if (parent != null) {
            b.append(",\"parent_id\":\"").append(parent).append('"');
        }
        b.append(",\"agent\":\"").append(agent).append("\",\"kind\":\"").append(kind).append("\",\"name\":\"")
                .append(name).append("\",\"started_at\":\"").append(start).append("\",\"ended_at\":\"")
                .append(start.plusMillis(durationMs)).append("\",\"status\":\"").append(status).append('"');
        if (status.equals("error")) {
            b.append(",\"error\":\"boom\"");
        }
        if (in != null) {
            b.append(",\"input_tokens\":").append(in);
        }
        if (out != null) {
            b.append(",\"output_tokens\":").append(out);
        }
        if (cost != null) {
            b.append(",\"cost_usd\":").append(cost);
        }
        b.append(",\"attributes\":{\"k\":1}}");
        return b.toString();
    }

    /** A run of {@code n} observations: one root and n-1 steps under it, each 10 ms. */
    static List<String> run(String run, int n, Instant start) {
        List<String> all = new ArrayList<>();
        all.add(obs(run + "-0", run, null, "agent-a", "run", "root", start, 10L * n, "ok", null, null, null));
        for (int i = 1; i < n; i++) {
            all.add(obs(run + "-" + i, run, run + "-0", "agent-a", "llm_call", "chat", start.plusMillis(10L * i), 10,
                    "ok", 5, 7, 0.001));
        }
        return all;
    }

    static String array(List<String> items) {
        return "[" + String.join(",", items) + "]";
    }
}
