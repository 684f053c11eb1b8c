package io.lakehouse.pathwayd.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouse.shared.ids.Ids;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A snapshot read back gives the same state field by field, in the current format (v2: members written directly,
 * {@code before} left out when it is the memory's previous {@code after}) and in the first one (v1), which start-up
 * still reads.
 */
class SnapshotFormatTest {
    private final Codec codec = new Codec();

    /** The fold of {@code n} random operations of every kind (the same mix as {@link ReplayIdentityTest}). */
    static MemoryState randomState(int n, long seed) {
        MemoryStateMachine machine = new MemoryStateMachine(Clock.systemUTC(), Ids::newId);
        MemoryState state = new MemoryState(true);
        Random r = new Random(seed);
        List<String> ids = new ArrayList<>();
        long seq = 0;
        for (int i = 0; i < n; i++) {
            try {
                MemoryStateMachine.Decision d = machine.decide(ReplayIdentityTest.randomCommand(r, ids), state);
                if (d.operation() != null) {
                    state.apply(++seq, d.operation());
                    if (d.created()) {
                        ids.add(d.result().id());
                    }
                }
            } catch (Rejected ignored) {
                // a rejected operation changes nothing
            }
        }
        return state;
    }

    private MemoryState read(byte[] snapshot) throws IOException {
        MemoryState back = new MemoryState(true);
        codec.readSnapshot(new ByteArrayInputStream(snapshot), back::applyEntry);
        return back;
    }

    @Test
    void bothFormatsReadBackFieldIdentical() throws IOException {
        MemoryState state = randomState(3_000, 7);
        assertThat(state.entries()).isGreaterThan(2_000);
        ByteArrayOutputStream v2 = new ByteArrayOutputStream();
        assertThat(codec.writeSnapshot(state, state.seq(), v2)).isEqualTo(state.entries());
        ByteArrayOutputStream v1 = new ByteArrayOutputStream();
        assertThat(codec.writeSnapshotV1(state, state.seq(), v1)).isEqualTo(state.entries());

        MemoryState fromV2 = read(v2.toByteArray());
        assertThat(fromV2.dump()).isEqualTo(state.dump());
        assertThat(fromV2.seq()).isEqualTo(state.seq());
        assertThat(read(v1.toByteArray()).dump()).isEqualTo(state.dump());
        // NDJSON: the header, then one entry per line
        String[] lines = v2.toString(StandardCharsets.UTF_8).split("\n", -1);
        assertThat(lines).hasSize((int) state.entries() + 2);
        assertThat(lines[0]).isEqualTo("{\"format\":\"pathwayd-history-v2\"}");
        assertThat(lines[1]).startsWith("{\"seq\":1,");
        assertThat(lines[lines.length - 2]).startsWith("{\"seq\":");
        assertThat(lines[lines.length - 1]).isEmpty();
        // v2 leaves out what it can restore: well under the first format's size
        assertThat(v2.size()).isLessThan(v1.size() * 2 / 3);
        // and writing what was read gives the same bytes
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        codec.writeSnapshot(fromV2, fromV2.seq(), again);
        assertThat(again.toByteArray()).isEqualTo(v2.toByteArray());
    }

    @Test
    void aBeforeThatIsNotThePreviousAfterIsWrittenOut() throws IOException {
        MemoryState state = randomState(200, 11);
        HistoryEntry first = state.entriesUpTo(state.seq()).getFirst();
        // an entry whose before is not its memory's previous after (only a damaged journal makes one) keeps it
        Memory odd = new Memory(first.memoryId(), Kind.FACT, "odd", null, null, null, State.ACTIVE, 9, null, null,
                null, "t0", "t0");
        MemoryState custom = new MemoryState(true);
        custom.applyEntry(first);
        custom.applyEntry(new HistoryEntry(first.seq() + 1, 0, OpType.UPDATE,
                "t1", first.memoryId(), 10, odd, first.after(), null, null));
        custom.setSeq(first.seq() + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.writeSnapshot(custom, custom.seq(), out);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"before\":{\"id\"");
        assertThat(read(out.toByteArray()).dump()).isEqualTo(custom.dump());
    }

    @Test
    void aMemoryWrittenByHandIsTheMappersBytes() {
        MemoryState state = randomState(3_000, 5);
        int n = 0;
        for (HistoryEntry e : state.entriesUpTo(state.seq())) {
            for (Memory m : new Memory[] {e.before(), e.after()}) {
                if (m != null) {
                    assertThat(new String(codec.memory(m), StandardCharsets.UTF_8))
                            .isEqualTo(codec.json().writeValueAsString(m));
                    n++;
                }
            }
        }
        Memory odd = new Memory("x", Kind.EPISODE, "quote \" \u2028 \uD83D\uDE00 \\ tab\t", 
                tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(1.5e300).add(-0.0).addNull(),
                new Scope(null, "a", null), null, State.RETIRED, 3, List.of("p", "q"), null, "pb", null, null);
        assertThat(codec.memory(odd)).isEqualTo(codec.json().writeValueAsBytes(odd));
        assertThat(n).isGreaterThan(3_000);
    }

    @Test
    void somethingElseIsRefused() {
        assertThatThrownBy(() -> read("{\"format\":\"other\"}\n{}\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("not a pathwayd snapshot");
    }

    /** {@code n} ADDs shaped as the benchmark's ({@code scripts/bench/pathwayd/add.lua}). */
    static MemoryState addState(int n) {
        MemoryStateMachine machine = new MemoryStateMachine(Clock.systemUTC(), Ids::newId);
        MemoryState state = new MemoryState(true);
        for (int c = 1; c <= n; c++) {
            var meta = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("n", 100_000_000 + c);
            Command add = new Command.Add(Kind.FACT, "memory " + (100_000_000 + c) + " about topic " + (c % 397)
                    + " and item " + (c % 31), null, new Scope("u" + (c % 1000), null, null), meta, null);
            state.apply(c, machine.decide(add, state).operation());
        }
        return state;
    }

    /** Timing, by hand: {@code java -cp <test classpath> ...SnapshotFormatTest 300000}. */
    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        Codec codec = new Codec();
        MemoryState state = args.length > 1 ? addState(n) : randomState(n, 3);
        System.out.println("entries " + state.entries() + ", memories " + state.size());
        for (int round = 0; round < 5; round++) {
            for (String f : new String[] {"v1", "v2"}) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 26);
                long t0 = System.nanoTime();
                if (f.equals("v1")) {
                    codec.writeSnapshotV1(state, state.seq(), out);
                } else {
                    codec.writeSnapshot(state, state.seq(), out);
                }
                long t1 = System.nanoTime();
                MemoryState back = new MemoryState(true);
                codec.readSnapshot(new ByteArrayInputStream(out.toByteArray()), back::applyEntry);
                long t2 = System.nanoTime();
                System.out.printf("%s: %d bytes, write %.2f us/entry, read %.2f us/entry%n", f, out.size(),
                        (t1 - t0) / 1e3 / state.entries(), (t2 - t1) / 1e3 / state.entries());
            }
            if (args.length > 1) {
                // start-up's other half: the same entries replayed from journal payloads
                List<byte[]> payloads = new ArrayList<>();
                for (HistoryEntry e : state.entriesUpTo(state.seq())) {
                    payloads.add(codec.encode(new Operation(e.op(), e.at(), e.reason(), e.successorId(),
                            List.of(new Change(e.memoryId(), e.before(), e.after())))));
                }
                long t0 = System.nanoTime();
                MemoryState back = new MemoryState(true);
                for (int i = 0; i < payloads.size(); i++) {
                    back.apply(i + 1, codec.decode(payloads.get(i)));
                }
                System.out.printf("replay: %.2f us/entry%n", (System.nanoTime() - t0) / 1e3 / state.entries());
            }
        }
    }
}
