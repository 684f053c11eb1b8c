package io.lakehouse.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouse.store.ObjectKey;
import io.lakehouse.store.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's behaviour, run against each store backend. */
abstract class JournalContract {
    @TempDir
    Path tmp;
    ObjectStore store;
    final List<Journal> opened = new ArrayList<>();

    abstract ObjectStore newStore(Path dir) throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        store = newStore(tmp.resolve("store"));
    }

    @AfterEach
    void tearDown() throws Exception {
        opened.forEach(Journal::close);
        store.close();
    }

    Journal open(JournalSettings settings) throws IOException {
        Journal j = Journal.open(store, "test", settings, null);
        opened.add(j);
        return j;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<String> replayAll(Journal j, long after) throws IOException {
        List<String> out = new ArrayList<>();
        j.replay(after, e -> out.add(e.seq() + ":" + new String(e.payload(), StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void appendsAreNumberedDurableAndReplayedInOrder() throws Exception {
        Journal j = open(JournalSettings.defaults());
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        j.start(entries -> entries.forEach(e -> seen.add(e.seq())));
        assertThat(j.append(utf8("a")).get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(j.append(List.of(utf8("b"), utf8("c"))).get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(seen).containsExactly(1L, 2L, 3L);
        j.close();

        Journal again = open(JournalSettings.defaults());
        assertThat(again.lastSeq()).isEqualTo(3);
        assertThat(replayAll(again, 0)).containsExactly("1:a", "2:b", "3:c");
        assertThat(replayAll(again, 2)).containsExactly("3:c");
        again.start(null);
        assertThat(again.append(utf8("d")).get(5, TimeUnit.SECONDS)).isEqualTo(4);
    }

    @Test
    void concurrentWritersShareSegments() throws Exception {
        Journal j = open(JournalSettings.defaults());
        j.start(null);
        int writers = 16;
        int each = 50;
        try (var pool = Executors.newFixedThreadPool(writers)) {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                all.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < each; i++) {
                        j.append(utf8(id + "-" + i)).join();
                    }
                }, pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        assertThat(j.lastSeq()).isEqualTo((long) writers * each);
        List<String> replayed = replayAll(j, 0);
        assertThat(replayed).hasSize(writers * each);
        for (int i = 0; i < replayed.size(); i++) {
            assertThat(replayed.get(i)).startsWith((i + 1) + ":");
        }
        long segments;
        try (Stream<?> s = store.listAll("journal/test/log/")) {
            segments = s.count();
        }
        // Group commit: 800 acknowledged appends in fewer segment writes.
        assertThat(segments).isLessThan((long) writers * each);
    }

    @Test
    void everythingQueuedDuringACommitGoesIntoTheNextOne() throws Exception {
        Journal j = open(JournalSettings.defaults());
        List<Integer> groups = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Long>> queued = queueBehindTheFirstCommit(j, 32, groups);
        for (int i = 0; i < 32; i++) {
            assertThat(queued.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(2 + i);
        }
        assertThat(groups).containsExactly(1, 32);
    }

    @Test
    void aLoneWriterNeverWaitsTheWindow() throws Exception {
        // A window far longer than the wait below: nothing else can come while the only writer waits for its
        // acknowledgement, so waiting it even once would time out.
        Journal j = open(withWindow(Duration.ofSeconds(60)));
        List<Integer> groups = Collections.synchronizedList(new ArrayList<>());
        j.start(entries -> groups.add(entries.size()));
        for (int i = 0; i < 10; i++) {
            assertThat(j.append(utf8("lone" + i)).get(10, TimeUnit.SECONDS)).isEqualTo(i + 1);
        }
        assertThat(groups).hasSize(10).containsOnly(1);
    }

    @Test
    void theWindowGrowsAGroupWhenWritersOutpaceTheFlush() throws Exception {
        Journal j = open(withWindow(Duration.ofMillis(500)));
        List<Integer> groups = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Long>> queued = queueBehindTheFirstCommit(j, 4, groups);
        // The committer came back to four queued appends, so it waits the window: this one joins their group.
        CompletableFuture<Long> late = j.append(utf8("late"));
        assertThat(late.get(5, TimeUnit.SECONDS)).isEqualTo(6);
        assertThat(queued.get(3).get(5, TimeUnit.SECONDS)).isEqualTo(5);
        assertThat(groups).containsExactly(1, 5);
    }

    /**
     * Starts {@code j} with a listener that holds the first group (recording every group's size in {@code groups})
     * while {@code n} appends queue up behind it, then lets it go; returns once the first is acknowledged.
     */
    private static List<CompletableFuture<Long>> queueBehindTheFirstCommit(Journal j, int n, List<Integer> groups)
            throws Exception {
        java.util.concurrent.CountDownLatch inFirstCommit = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        j.start(entries -> {
            groups.add(entries.size());
            if (groups.size() == 1) {
                inFirstCommit.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        CompletableFuture<Long> first = j.append(utf8("first"));
        assertThat(inFirstCommit.await(10, TimeUnit.SECONDS)).isTrue();
        // The committer is busy with the first group: the writers queue up meanwhile.
        List<CompletableFuture<Long>> queued = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            queued.add(j.append(utf8("w" + i)));
        }
        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        return queued;
    }

    private static JournalSettings withWindow(Duration window) {
        JournalSettings d = JournalSettings.defaults();
        return new JournalSettings(d.queueCapacity(), d.maxBatchEntries(), d.maxBatchBytes(), window,
                d.retryBudget());
    }

    @Test
    void snapshotThenReplayOfTheRestAndCompaction() throws Exception {
        // One sealed segment per group on every backend (a local open segment is sealed as soon as it holds a byte),
        // so the segment counts below are the same everywhere.
        JournalSettings d = JournalSettings.defaults();
        Journal j = open(new JournalSettings(d.queueCapacity(), d.maxBatchEntries(), d.maxBatchBytes(), d.window(),
                d.retryBudget(), 1));
        j.start(null);
        for (int i = 1; i <= 5; i++) {
            j.append(utf8("e" + i)).get(5, TimeUnit.SECONDS);
        }
        j.writeSnapshot(3, out -> out.write(utf8("state@3")), tmp);
        j.writeSnapshot(5, out -> out.write(utf8("state@5")), tmp);
        j.append(utf8("e6")).get(5, TimeUnit.SECONDS);

        StringBuilder state = new StringBuilder();
        long from = j.loadSnapshot(in -> state.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        assertThat(from).isEqualTo(5);
        assertThat(state).hasToString("state@5");
        assertThat(replayAll(j, from)).containsExactly("6:e6");

        // The older snapshot stays as a fallback, so only segments up to seq 3 may go.
        assertThat(j.compact(Long.MAX_VALUE)).isEqualTo(3);
        assertThat(replayAll(j, 3)).containsExactly("4:e4", "5:e5", "6:e6");
        // A follower still at seq 1 holds its segments back.
        j.writeSnapshot(6, out -> out.write(utf8("state@6")), tmp);
        assertThat(j.compact(3)).isEqualTo(1); // the snapshot at 3 only; segments 4.. are held
        assertThat(replayAll(j, 3)).hasSize(3);
    }

    @Test
    void damagedNewestSnapshotFallsBackToTheOlderOne() throws Exception {
        Journal j = open(JournalSettings.defaults());
        j.start(null);
        j.append(utf8("x")).get(5, TimeUnit.SECONDS);
        j.append(utf8("y")).get(5, TimeUnit.SECONDS);
        j.writeSnapshot(1, out -> out.write(utf8("old")), tmp);
        j.writeSnapshot(2, out -> out.write(utf8("new")), tmp);
        ObjectKey newest = ObjectKey.of("journal", "test", "snap", Journal.seqName(2) + ".snap");
        byte[] b = store.getBytes(newest).orElseThrow();
        b[b.length / 2] ^= 0x55;
        store.put(newest, b);
        StringBuilder state = new StringBuilder();
        assertThat(j.loadSnapshot(in -> state.append(new String(in.readAllBytes(), StandardCharsets.UTF_8))))
                .isEqualTo(1);
        assertThat(state).hasToString("old");
    }

    @Test
    void tornTailIsIgnored() throws Exception {
        Journal j = open(JournalSettings.defaults());
        j.start(null);
        j.append(utf8("kept")).get(5, TimeUnit.SECONDS);
        j.append(List.of(utf8("also kept"), utf8("torn"))).get(5, TimeUnit.SECONDS);
        j.close();
        ObjectKey last = ObjectKey.of("journal", "test", "log", Journal.seqName(3) + ".seg");
        byte[] b = store.getBytes(last).orElseThrow();
        store.put(last, java.util.Arrays.copyOf(b, b.length - 2));
        assertThat(replayAll(open(JournalSettings.defaults()), 0)).containsExactly("1:kept", "2:also kept");
    }

    @Test
    void aSecondWriterIsFencedAndTheJournalFails() throws Exception {
        Journal first = open(JournalSettings.defaults());
        Journal second = open(JournalSettings.defaults());
        first.start(null);
        second.start(null);
        first.append(utf8("mine")).get(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> second.append(utf8("theirs")).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(JournalUnavailableException.class)
                .hasMessageContaining("another writer");
        assertThat(second.healthy()).isFalse();
        assertThatThrownBy(() -> second.append(utf8("later")).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(JournalUnavailableException.class);
        assertThat(replayAll(first, 0)).containsExactly("1:mine");
    }

    @Test
    void aFullQueueRefusesInsteadOfBlocking() throws Exception {
        Journal j = open(new JournalSettings(1, 1, 1 << 20, Duration.ofMillis(200), Duration.ofSeconds(1)));
        // Not started: nothing drains the queue, so the second append finds it full.
        assertThat(j.append(utf8("a"))).isCompletedExceptionally();
        j.start(null);
        List<CompletableFuture<Long>> accepted = new ArrayList<>();
        boolean refused = false;
        for (int i = 0; i < 200 && !refused; i++) {
            try {
                accepted.add(j.append(utf8("x" + i)));
            } catch (JournalFullException e) {
                refused = true;
            }
        }
        assertThat(refused).isTrue();
        for (CompletableFuture<Long> f : accepted) {
            assertThat(f.get(10, TimeUnit.SECONDS)).isPositive();
        }
        assertThat(j.lastSeq()).isEqualTo(accepted.size());
    }

    @Test
    void cursorsPersist() throws Exception {
        JournalCursor c = new JournalCursor(store, "test", "export");
        assertThat(c.load()).isZero();
        c.save(42);
        assertThat(new JournalCursor(store, "test", "export").load()).isEqualTo(42);
    }
}
