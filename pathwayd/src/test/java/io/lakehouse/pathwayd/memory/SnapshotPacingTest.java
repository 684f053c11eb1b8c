package io.lakehouse.pathwayd.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.journal.Journal;
import io.lakehouse.journal.JournalSettings;
import io.lakehouse.shared.ids.Ids;
import io.lakehouse.store.LocalObjectStore;
import io.lakehouse.store.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A background snapshot keeps to its share of a core, in small pauses, writes the same bytes as an unpaced one, blocks
 * no writer, and ends at once when the service closes (which then writes the final snapshot unpaced).
 */
class SnapshotPacingTest {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @TempDir
    Path dir;

    @Test
    void aPacedWriteUsesAboutItsShareOfACore() throws Exception {
        MemoryState state = SnapshotFormatTest.addState(16_000);
        Codec codec = new Codec();
        ByteArrayOutputStream unpaced = new ByteArrayOutputStream(1 << 24);
        codec.writeSnapshot(state, state.seq(), unpaced); // also warms the JIT up

        double share = 0.5;
        SnapshotPacer pacer = new SnapshotPacer(share, new CountDownLatch(1));
        ByteArrayOutputStream paced = new ByteArrayOutputStream(1 << 24);
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        codec.writeSnapshot(state, state.seq(), paced, pacer);
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        long wall = System.nanoTime() - wall0;

        assertThat(paced.toByteArray()).isEqualTo(unpaced.toByteArray());
        // a pause every 1,024 entries written (~4 ms of CPU; placing 16,000 memories is a pause or two)
        assertThat(pacer.sleeps()).isGreaterThan(10);
        // the pacer measured (nearly) all the CPU the write took, and paused 1 / share - 1 times that
        assertThat((double) pacer.cpuNanos()).isGreaterThan(0.7 * cpu);
        assertThat((double) pacer.sleptNanos()).isCloseTo((1 / share - 1) * pacer.cpuNanos(),
                org.assertj.core.data.Percentage.withPercentage(1));
        // so over the write it used at most about its share of a core (less on a loaded machine: wall time grows)
        assertThat((double) cpu / wall).as("share of a core used, cpu %d ms over %d ms", cpu / 1_000_000,
                wall / 1_000_000).isLessThan(share * 1.25).isGreaterThan(share / 20);
        // and never ran long without a pause (4 ms a chunk on a quiet machine)
        assertThat(pacer.longestChunkNanos()).isLessThan(Duration.ofMillis(150).toNanos());
    }

    @Test
    void closeEndsAPacedSnapshotAtOnceAndLeavesTheFinalOne() throws Exception {
        ObjectStore store = new LocalObjectStore(dir.resolve("lake"));
        // a share so small that the background snapshot of 4,000 entries would take several seconds
        MemoryService service = service(store, new MemoryService.Settings(Duration.ofSeconds(30), 4_000, dir, 0.005));
        for (int b = 0; b < 4; b++) {
            List<Command> batch = new ArrayList<>(1000);
            for (int i = 0; i < 1000; i++) {
                batch.add(add(b * 1000 + i));
            }
            service.submitAll(batch);
        }
        // the 4,000th operation queued a background snapshot: wait until it has paused at least once
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (service.activePacer() == null || service.activePacer().sleeps() == 0) {
            assertThat(System.nanoTime()).as("a paced snapshot running").isLessThan(deadline);
            Thread.sleep(1);
        }
        assertThat(service.activePacer().share()).isEqualTo(0.005);

        // a write while it runs is not held up by it
        long t0 = System.nanoTime();
        service.submit(add(4_000));
        assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(5).toNanos());
        assertThat(service.activePacer()).as("still running").isNotNull();
        Map<String, Object> before = service.live().dump();

        t0 = System.nanoTime();
        service.close();
        long closeMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(closeMs).as("close() with a paced snapshot running").isLessThan(8_000);

        // one snapshot (the final, unpaced one, with the last write); the stopped one left nothing behind
        assertThat(store.listAll("journal/pathwayd/snap/").toList()).hasSize(1);
        MemoryService again = service(store, new MemoryService.Settings(Duration.ofSeconds(30), 4_000, dir));
        try {
            assertThat(again.lastSnapshotSeq()).isEqualTo(4_001);
            assertThat(again.live().dump()).isEqualTo(before);
        } finally {
            again.close();
        }
    }

    private static MemoryService service(ObjectStore store, MemoryService.Settings settings) throws Exception {
        Journal journal = Journal.open(store, "pathwayd", JournalSettings.defaults(), null);
        MemoryService s = new MemoryService(journal, new Codec(),
                new MemoryStateMachine(Clock.systemUTC(), Ids::newId), settings, null);
        s.start();
        return s;
    }

    private static Command.Add add(int n) {
        return new Command.Add(Kind.FACT, "memory " + n + " about topic " + (n % 397), null,
                new Scope("u" + (n % 100), null, null), JsonNodeFactory.instance.objectNode().put("n", n), null);
    }
}
