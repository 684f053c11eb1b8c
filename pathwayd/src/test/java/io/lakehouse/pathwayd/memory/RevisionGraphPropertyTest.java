package io.lakehouse.pathwayd.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.lakehouse.pathwayd.PathwaydError;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever sequence of REVISE (link or content), RETIRE and UPDATE runs, the supersedes graph stays
 * acyclic, every memory has at most one successor and its lineage at most one active memory, the two directions of
 * every link agree, a link is refused as a cycle exactly when an independent reachability oracle says so, and a
 * refused operation changes nothing. 150 seeded random sequences of 100 steps; a failure names its seed.
 */
class RevisionGraphPropertyTest {
    static final int SEQUENCES = 150;
    static final int STEPS = 100;

    @Test
    void randomRevisionSequencesKeepTheGraphAcyclic() {
        int cyclesRefused = 0;
        int linksAccepted = 0;
        for (int seed = 0; seed < SEQUENCES; seed++) {
            int[] counts = run(seed);
            cyclesRefused += counts[0];
            linksAccepted += counts[1];
        }
        // the generator reaches both outcomes often, or the property says little
        assertThat(cyclesRefused).isGreaterThan(SEQUENCES);
        assertThat(linksAccepted).isGreaterThan(SEQUENCES);
    }

    private static int[] run(long seed) {
        Random r = new Random(seed);
        AtomicLong next = new AtomicLong();
        MemoryStateMachine machine = new MemoryStateMachine(Clock.systemUTC(), () -> "m" + next.incrementAndGet());
        MemoryState state = new MemoryState(false);
        long seq = 0;
        int n = 3 + r.nextInt(10);
        for (int i = 0; i < n; i++) {
            state.apply(++seq, machine.decide(new Command.Add(Kind.FACT, "c" + i, null, Scope.NONE, null, null), state)
                    .operation());
        }
        int cycles = 0;
        int links = 0;
        for (int step = 0; step < STEPS; step++) {
            List<String> ids = state.all().map(Memory::id).toList();
            String a = ids.get(r.nextInt(ids.size()));
            String b = ids.get(r.nextInt(ids.size()));
            int p = r.nextInt(100);
            Command c = p < 60 ? new Command.Revise(a, null, null, null, b, null, null)
                    : p < 75 ? new Command.Revise(a, "next", null, null, null, null, null)
                    : p < 85 ? new Command.Retire(a, "r", null)
                    : new Command.Update(a, "u" + step, null, null, null);
            boolean oracleCycle = p < 60 && state.get(a).orElseThrow().active()
                    && state.get(b).orElseThrow().state() != State.RETIRED && reaches(state, b, a);
            Map<String, Object> before = state.dump();
            try {
                MemoryStateMachine.Decision d = machine.decide(c, state);
                assertThat(oracleCycle).as("seed %d step %d: %s accepted but closes a cycle", seed, step, c).isFalse();
                state.apply(++seq, d.operation());
                if (p < 60) {
                    links++;
                }
            } catch (Rejected e) {
                assertThat(state.dump()).as("seed %d step %d: rejection changed state", seed, step).isEqualTo(before);
                if (e.code() == PathwaydError.REVISION_CYCLE) {
                    cycles++;
                    assertThat(oracleCycle).as("seed %d step %d: %s refused as a cycle, oracle disagrees", seed, step, c)
                            .isTrue();
                } else {
                    assertThat(oracleCycle).as("seed %d step %d: cycle answered %s", seed, step, e.code()).isFalse();
                }
            }
            checkInvariants(state, seed, step);
        }
        return new int[] {cycles, links};
    }

    /** Whether following superseded_by from {@code from} reaches {@code to} (or they are equal). */
    private static boolean reaches(MemoryState s, String from, String to) {
        Set<String> seen = new HashSet<>();
        for (String x = from; x != null; x = s.get(x).orElseThrow().supersededBy()) {
            if (x.equals(to)) {
                return true;
            }
            if (!seen.add(x)) {
                fail("cycle found while checking reachability from " + from);
            }
        }
        return false;
    }

    private static void checkInvariants(MemoryState s, long seed, int step) {
        List<Memory> all = new ArrayList<>(s.all().toList());
        for (Memory m : all) {
            String at = "seed " + seed + " step " + step + " memory " + m.id();
            // acyclic: the successor chain ends, and at most one memory on it is active (its end)
            Set<String> chain = new HashSet<>();
            int active = 0;
            for (Memory x = m; x != null; x = x.supersededBy() == null ? null : s.get(x.supersededBy()).orElseThrow()) {
                assertThat(chain.add(x.id())).as("%s: cycle through %s", at, x.id()).isTrue();
                active += x.active() ? 1 : 0;
            }
            assertThat(active).as("%s: active memories on its lineage", at).isLessThanOrEqualTo(1);
            // both directions of a link agree, and superseded means exactly "has a successor"
            assertThat(m.supersededBy() != null).as(at).isEqualTo(m.state() == State.SUPERSEDED);
            if (m.supersededBy() != null) {
                assertThat(s.get(m.supersededBy()).orElseThrow().supersedes()).as(at).contains(m.id());
            }
            for (String pred : m.supersedes()) {
                assertThat(s.get(pred).orElseThrow().supersededBy()).as(at).isEqualTo(m.id());
            }
            assertThat(new HashSet<>(m.supersedes())).as(at).hasSameSizeAs(m.supersedes());
        }
    }
}
