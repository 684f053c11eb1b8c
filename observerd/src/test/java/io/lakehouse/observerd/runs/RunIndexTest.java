package io.lakehouse.observerd.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.observerd.observation.Observation;
import io.lakehouse.observerd.observation.ObservationCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class RunIndexTest {
    static final ObservationCodec CODEC = new ObservationCodec(JsonMapper.builder().build());

    /** An observation with its canonical line (the index keeps lines and reads them back for trees). */
    static Observation obs(String id, String run, String parent, long start, long end, long tokens) {
        String line = "{\"started_at\":\"" + Instant.ofEpochSecond(0, start) + "\",\"observation_id\":\"" + id
                + "\",\"run_id\":\"" + run + "\"" + (parent == null ? "" : ",\"parent_id\":\"" + parent + "\"")
                + ",\"agent\":\"agent-" + id + "\",\"kind\":\"" + (parent == null ? "run" : "step")
                + "\",\"name\":\"n\",\"ended_at\":\"" + Instant.ofEpochSecond(0, end)
                + "\",\"status\":\"ok\",\"input_tokens\":" + tokens + ",\"output_tokens\":" + tokens + "}";
        Observation o = CODEC.parse(line.getBytes(StandardCharsets.UTF_8));
        assertThat(o.inputTokens()).isEqualTo(tokens);
        return o;
    }

    static RunIndex index(long max) {
        return new RunIndex(max, CODEC::parse);
    }

    @Test
    void aRetriedBatchReplacesInsteadOfDoublingAndBoundsFollowTheReplacement() {
        RunIndex index = index(100);
        List<Observation> batch = List.of(obs("r", "run", null, 0, 100, 0), obs("a", "run", "r", 10, 20, 5),
                obs("b", "run", "r", 30, 40, 7));
        index.apply(1, batch);
        index.apply(2, batch); // the client retried a batch whose answer it lost
        RunSummary s = index.get("run").orElseThrow().summary();
        assertThat(s.observations()).isEqualTo(3);
        assertThat(s.inputTokens()).isEqualTo(12);
        assertThat(index.observationCount()).isEqualTo(3);
        // A corrected root moves the run's bounds.
        index.apply(3, List.of(obs("r", "run", null, 5, 50, 0)));
        s = index.get("run").orElseThrow().summary();
        assertThat(s.startedNanos()).isEqualTo(5);
        assertThat(s.endedNanos()).isEqualTo(50);
        assertThat(index.appliedSeq()).isEqualTo(3);
    }

    @Test
    void theRunsTouchedLeastRecentlyLeaveFirstPastTheBound() {
        RunIndex index = index(5);
        index.apply(1, List.of(obs("1", "first", null, 0, 1, 0), obs("2", "first", "1", 0, 1, 0)));
        index.apply(2, List.of(obs("1", "second", null, 0, 1, 0), obs("2", "second", "1", 0, 1, 0)));
        index.apply(3, List.of(obs("3", "first", "1", 0, 1, 0))); // touches "first": now "second" is the oldest
        index.apply(4, List.of(obs("1", "third", null, 0, 1, 0)));
        assertThat(index.get("second")).isEmpty();
        assertThat(index.get("first")).isPresent();
        assertThat(index.get("third")).isPresent();
        assertThat(index.observationCount()).isEqualTo(4);
        assertThat(index.evictedRuns()).isEqualTo(1);
    }

    @Test
    void aLargeRunKeepsEveryObservationOnceThroughRetriesAndReadsBackItsLines() {
        RunIndex index = index(100_000);
        List<Observation> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            batch.add(obs("o" + i, "big", i == 0 ? null : "o0", 1_000 + i, 2_000 + i, 1));
        }
        index.apply(1, batch);
        index.apply(2, batch.subList(100, 400)); // retried part: replaced, not doubled
        index.apply(3, batch.subList(0, 50));
        index.apply(4, batch); // now replaced lines outweigh live ones: the run is compacted
        RunView v = index.get("big").orElseThrow();
        assertThat(v.summary().observations()).isEqualTo(500);
        assertThat(v.summary().inputTokens()).isEqualTo(500);
        assertThat(v.summary().hasRoot()).isTrue();
        assertThat(v.summary().agent()).isEqualTo("agent-o0");
        assertThat(v.observations()).hasSize(500);
        assertThat(v.observations().stream().map(Observation::observationId).distinct().count()).isEqualTo(500);
        assertThat(index.observationCount()).isEqualTo(500);
        // The snapshot holds every kept line once.
        RunIndex.Snapshot snap = index.snapshot();
        assertThat(snap.observations()).isEqualTo(500);
        assertThat(new String(snap.chunks().getFirst(), StandardCharsets.UTF_8).lines().count()).isEqualTo(500);
    }

    @Test
    void withoutARootTheEarliestObservationSpeaksForTheRun() {
        RunIndex index = index(100);
        index.apply(1, List.of(obs("b", "orphans", "x", 20, 30, 0), obs("a", "orphans", "x", 10, 30, 0)));
        assertThat(index.get("orphans").orElseThrow().summary().agent()).isEqualTo("agent-a");
        assertThat(index.get("orphans").orElseThrow().summary().hasRoot()).isFalse();
        index.apply(2, List.of(obs("r", "orphans", null, 15, 30, 0)));
        assertThat(index.get("orphans").orElseThrow().summary().agent()).isEqualTo("agent-r");
        assertThat(index.get("orphans").orElseThrow().summary().startedNanos()).isEqualTo(10);
    }
}
