package io.lakehouse.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouse.store.LocalObjectStore;
import io.lakehouse.store.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The contract on the file system backend, plus what only it has: groups appended to one open segment that is
 * sealed at a size, recovered after a crash, and held against a second writer.
 */
class LocalJournalTest extends JournalContract {
    @Override
    ObjectStore newStore(Path dir) {
        return new LocalObjectStore(dir);
    }

    static JournalSettings segmentBytes(long bytes) {
        JournalSettings d = JournalSettings.defaults();
        return new JournalSettings(d.queueCapacity(), d.maxBatchEntries(), d.maxBatchBytes(), d.window(),
                Duration.ZERO, bytes);
    }

    Path log() {
        return tmp.resolve("store/journal/test/log");
    }

    List<String> logFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** What a kill -9 leaves on disk: the store's files as they are, with no lock held on them. */
    Path crashCopy() throws Exception {
        Path copy = tmp.resolve("crashed");
        try (Stream<Path> s = Files.walk(tmp.resolve("store"))) {
            for (Path p : s.toList()) {
                Path to = copy.resolve(tmp.resolve("store").relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return copy;
    }

    @Test
    void groupsGoToOneOpenSegmentThatIsSealedAtItsSize() throws Exception {
        Journal j = open(segmentBytes(300));
        j.start(null);
        for (int i = 1; i <= 40; i++) {
            assertThat(j.append(utf8("entry-" + i)).get(5, TimeUnit.SECONDS)).isEqualTo(i);
        }
        List<String> files = logFiles(log());
        assertThat(files.stream().filter(f -> f.endsWith(".open"))).hasSize(1);
        assertThat(files.stream().filter(f -> f.endsWith(".seg")).count()).isBetween(2L, 39L);
        List<String> replayed = replayAll(j, 0);
        assertThat(replayed).hasSize(40);
        assertThat(replayed.get(39)).isEqualTo("40:entry-40");
        j.close();
        // A clean close seals the open segment: only immutable segments remain.
        assertThat(logFiles(log())).allMatch(f -> f.endsWith(".seg"));
        Journal again = open(segmentBytes(300));
        assertThat(again.lastSeq()).isEqualTo(40);
        assertThat(replayAll(again, 35)).containsExactly("36:entry-36", "37:entry-37", "38:entry-38", "39:entry-39",
                "40:entry-40");
    }

    @Test
    void afterACrashTheTornTailIsCutAndWritingGoesOnWithoutGapsOrRepeats() throws Exception {
        Journal j = open(JournalSettings.defaults());
        j.start(null);
        j.append(utf8("a")).get(5, TimeUnit.SECONDS);
        j.append(List.of(utf8("b"), utf8("c"))).get(5, TimeUnit.SECONDS);
        Path copy = crashCopy();
        Path open = copy.resolve("journal/test/log/" + Journal.seqName(1) + ".open");
        assertThat(open).exists();
        // Half a group that was never acknowledged.
        Files.write(open, new byte[] {40, 0, 0, 0, 1, 2, 3}, StandardOpenOption.APPEND);

        ObjectStore crashed = new LocalObjectStore(copy);
        Journal recovered = Journal.open(crashed, "test", JournalSettings.defaults(), null);
        opened.add(recovered);
        assertThat(recovered.lastSeq()).isEqualTo(3);
        assertThat(replayAll(recovered, 0)).containsExactly("1:a", "2:b", "3:c");
        recovered.start(null);
        assertThat(recovered.append(utf8("d")).get(5, TimeUnit.SECONDS)).isEqualTo(4);
        // The leftover was cut and sealed; the new group went to a new open segment.
        assertThat(logFiles(copy.resolve("journal/test/log"))).containsExactly(Journal.seqName(3) + ".seg",
                Journal.seqName(4) + ".open");
        recovered.close();
        Journal reread = Journal.open(crashed, "test", JournalSettings.defaults(), null);
        assertThat(replayAll(reread, 0)).containsExactly("1:a", "2:b", "3:c", "4:d");
    }

    @Test
    void aCrashWhileSealingLeavesTwoCopiesThatAreReadOnce() throws Exception {
        Journal j = open(JournalSettings.defaults());
        j.start(null);
        j.append(List.of(utf8("a"), utf8("b"))).get(5, TimeUnit.SECONDS);
        Path copy = crashCopy();
        Path crashedLog = copy.resolve("journal/test/log");
        Files.createLink(crashedLog.resolve(Journal.seqName(2) + ".seg"), crashedLog.resolve(Journal.seqName(1) + ".open"));

        Journal recovered = Journal.open(new LocalObjectStore(copy), "test", JournalSettings.defaults(), null);
        opened.add(recovered);
        assertThat(replayAll(recovered, 0)).containsExactly("1:a", "2:b");
        recovered.start(null);
        assertThat(recovered.append(utf8("c")).get(5, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(logFiles(crashedLog)).containsExactly(Journal.seqName(2) + ".seg", Journal.seqName(3) + ".open");
        assertThat(replayAll(recovered, 0)).containsExactly("1:a", "2:b", "3:c");
    }

    @Test
    void aWriterOpenedLaterIsFencedByTheHeldOpenSegment() throws Exception {
        Journal first = open(JournalSettings.defaults());
        first.start(null);
        first.append(utf8("one")).get(5, TimeUnit.SECONDS);
        Journal late = open(JournalSettings.defaults());
        assertThat(late.lastSeq()).isEqualTo(1);
        late.start(null);
        assertThatThrownBy(() -> late.append(utf8("theirs")).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(JournalUnavailableException.class)
                .hasMessageContaining("another writer");
        assertThat(first.append(utf8("two")).get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(replayAll(first, 0)).containsExactly("1:one", "2:two");
    }

    @org.junit.jupiter.api.RepeatedTest(3)
    void followersReadingDuringWritesAndSealsSeeADurablePrefix() throws Exception {
        Journal j = open(segmentBytes(2_000));
        j.start(null);
        AtomicBoolean stop = new AtomicBoolean();
        List<String> problems = new ArrayList<>();
        CompletableFuture<Integer> follower = CompletableFuture.supplyAsync(() -> {
            int reads = 0;
            while (!stop.get()) {
                try {
                    long durableBefore = j.lastSeq();
                    List<Long> seqs = new ArrayList<>();
                    j.replay(0, e -> seqs.add(e.seq()));
                    for (int i = 0; i < seqs.size(); i++) {
                        if (seqs.get(i) != i + 1) {
                            problems.add("gap or repeat at " + i + ": " + seqs.get(i));
                        }
                    }
                    if (seqs.size() < durableBefore) {
                        problems.add("read " + seqs.size() + " entries, " + durableBefore + " were durable");
                    }
                    if (seqs.size() > j.lastSeq()) {
                        problems.add("read " + seqs.size() + " entries beyond durable " + j.lastSeq());
                    }
                    reads++;
                } catch (Exception e) {
                    problems.add(e.toString());
                }
            }
            return reads;
        });
        List<CompletableFuture<Long>> acks = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            acks.add(j.append(utf8("payload-" + i)));
            if (i % 50 == 0) {
                acks.getLast().get(5, TimeUnit.SECONDS);
            }
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        stop.set(true);
        assertThat(follower.get(30, TimeUnit.SECONDS)).isPositive();
        assertThat(problems).isEmpty();
        assertThat(logFiles(log()).stream().filter(f -> f.endsWith(".seg")).count()).isGreaterThan(5);
        assertThat(replayAll(j, 0)).hasSize(2_000);
    }
}
