package io.lakehouse.observerd.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.observerd.observation.Observation;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunIndexTest {
    static Observation obs(String id, String run, String parent, long start, long end, long tokens) {
        return new Observation(id, run, parent, "agent", parent == null ? "run" : "step", "n", start, end, false,
                tokens, tokens, Double.NaN, new byte[0]);
    }

    @Test
    void aRetriedBatchReplacesInsteadOfDoublingAndBoundsFollowTheReplacement() {
        RunIndex index = new RunIndex(100);
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
        RunIndex index = new RunIndex(5);
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
}
