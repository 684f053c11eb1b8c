package io.lakehouse.observerd.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lakehouse.observerd.observation.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveStatsTest {
    static final long T0 = 1_800_000_000_000L; // a round epoch millisecond, on a slot boundary of every window

    static Observation obs(String agent, String name, long endedMillis, long durationMicros, boolean error) {
        long end = endedMillis * 1_000_000L;
        return new Observation("id", "run", null, agent, "llm_call", name, end - durationMicros * 1_000L, end, error,
                3, 4, 0.25, new byte[0]);
    }

    @Test
    void percentilesOfAKnownDistributionAreWithinTheHistogramPrecision() {
        AtomicLong now = new AtomicLong(T0);
        LiveStats stats = new LiveStats(100, 2, now::get);
        List<Observation> batch = new ArrayList<>();
        // 1..10,000 ms, uniformly: the exact p50/p95/p99 are 5,000, 9,500 and 9,900 ms.
        for (int ms = 1; ms <= 10_000; ms++) {
            batch.add(obs("a", "chat", T0 - 1, ms * 1_000L, ms % 10 == 0));
        }
        stats.record(batch);
        LiveStats.Figures f = stats.query(Window.ONE_MINUTE, null, null).total();
        assertThat(f.count()).isEqualTo(10_000);
        assertThat(f.errors()).isEqualTo(1_000);
        assertThat(f.errorRate()).isEqualTo(0.1);
        // Two significant digits: every reported value is within 1 % of a recorded one.
        assertThat(f.p50Ms()).isCloseTo(5_000, within(50.0));
        assertThat(f.p95Ms()).isCloseTo(9_500, within(95.0));
        assertThat(f.p99Ms()).isCloseTo(9_900, within(99.0));
        assertThat(f.maxMs()).isCloseTo(10_000, within(100.0));
        assertThat(f.inputTokens()).isEqualTo(30_000);
        assertThat(f.outputTokens()).isEqualTo(40_000);
        assertThat(f.costUsd()).isCloseTo(2_500, within(1e-6));
    }

    @Test
    void windowsExpireAtTheirOwnPace() {
        AtomicLong now = new AtomicLong(T0);
        LiveStats stats = new LiveStats(100, 2, now::get);
        stats.record(List.of(obs("a", "chat", T0, 1_000, false), obs("b", "tool", T0, 2_000, true)));
        assertThat(stats.query(Window.ONE_MINUTE, null, null).total().count()).isEqualTo(2);
        assertThat(stats.query(Window.ONE_MINUTE, "b", null).groups()).extracting(LiveStats.Report.Group::name)
                .containsExactly("tool");

        now.set(T0 + 66_000); // past 1m plus its 5 s slot
        assertThat(stats.query(Window.ONE_MINUTE, null, null).total().count()).isZero();
        assertThat(stats.query(Window.FIVE_MINUTES, null, null).total().count()).isEqualTo(2);

        now.set(T0 + 331_000); // past 5m plus its 30 s slot
        assertThat(stats.query(Window.FIVE_MINUTES, null, null).total().count()).isZero();
        assertThat(stats.query(Window.ONE_HOUR, null, null).total().count()).isEqualTo(2);

        now.set(T0 + 3_901_000); // past 1h plus its 5 min slot: empty, and the series are dropped
        assertThat(stats.query(Window.ONE_HOUR, null, null).total().count()).isZero();
        stats.record(List.of());
        assertThat(stats.seriesCount()).isZero();

        // An observation that ended before the longest window is not counted at all.
        stats.record(List.of(obs("a", "chat", T0, 1_000, false)));
        assertThat(stats.query(Window.ONE_HOUR, null, null).total().count()).isZero();
    }

    @Test
    void seriesPastTheBoundAreCountedTogether() {
        AtomicLong now = new AtomicLong(T0);
        LiveStats stats = new LiveStats(3, 2, now::get);
        List<Observation> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(obs("agent", "name-" + i, T0, 1_000, false));
        }
        stats.record(batch);
        assertThat(stats.seriesCount()).isEqualTo(3);
        LiveStats.Report r = stats.query(Window.ONE_MINUTE, null, null);
        assertThat(r.total().count()).isEqualTo(10);
        assertThat(r.groups()).extracting(LiveStats.Report.Group::name).contains(LiveStats.OTHER);
        assertThat(r.groups().stream().filter(g -> g.name().equals(LiveStats.OTHER)).findFirst().orElseThrow()
                .figures().count()).isEqualTo(8); // two named series, the third is (other)
    }
}
