package io.lakehouse.store.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouse.store.ObjectInfo;
import io.lakehouse.store.ObjectKey;
import io.lakehouse.store.ObjectStore;
import io.lakehouse.store.lease.LeaseHolder;
import io.lakehouse.store.lease.StoreLeases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Backup and restore of a live store, run against each backend. */
abstract class StoreBackupContract {
    protected abstract ObjectStore newStore() throws Exception;

    /** Backups taken while the writer runs (each is a fresh race). */
    protected int rounds() {
        return 3;
    }

    private final List<ObjectStore> stores = new ArrayList<>();

    private ObjectStore store() throws Exception {
        ObjectStore s = newStore();
        stores.add(s);
        return s;
    }

    @AfterEach
    void close() throws Exception {
        for (ObjectStore s : stores) {
            s.close();
        }
    }

    private static void put(ObjectStore s, String key, String body) throws IOException {
        s.put(ObjectKey.of(key), body.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> contents(ObjectStore s) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<ObjectInfo> all = s.listAll("")) {
            for (ObjectInfo i : all.toList()) {
                m.put(i.key().value(), new String(s.getBytes(i.key()).orElseThrow(), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private static StoreBackup copier(ObjectStore from, ObjectStore to) {
        return new StoreBackup(from, to, 4, line -> { }, Clock.systemUTC());
    }

    @Test
    void roundTripKeepsEveryObjectButLeases() throws Exception {
        ObjectStore lake = store();
        put(lake, "schemas/candidate/v1.schema.json", "{\"type\":\"object\"}");
        put(lake, "raw/candidate/dt=2026-11-24/a.ndjson", "{\"id\":1}\n");
        put(lake, "curated/candidate/dt=2026-11-24/part-a-0.parquet", "PAR1...");
        put(lake, "quarantine/candidate/dt=2026-11-24/a.ndjson", "{}\n");
        put(lake, "_system/materializer/done/candidate/dt=2026-11-24/a.json", "{}");
        put(lake, "indexes/people/index.json", "{\"dim\":4}");
        put(lake, "indexes/people/snap/00000000000000000004.snap", "s4");
        put(lake, "indexes/people/log/00000000000000000006.wal", "w6");
        put(lake, "journal/pathwayd/log/00000000000000000002.seg", "j2");
        put(lake, "journal/pathwayd/cursors/raw-export", "2");
        put(lake, "other/thing.txt", "x");
        StoreLeases leases = new StoreLeases(lake, StoreLeases.Settings.of(Duration.ofSeconds(30)), Clock.systemUTC(),
                LeaseHolder.current("testd"));
        leases.acquire(StoreLeases.daemonPrefix("vectord"), null);
        Map<String, String> before = contents(lake);

        ObjectStore backup = store();
        StoreBackup.Result r = copier(lake, backup).backup();
        Map<String, String> copied = contents(backup);
        assertThat(copied.remove(StoreBackup.MANIFEST.value())).contains("\"objects\": 11");
        Map<String, String> expected = new TreeMap<>(before);
        expected.keySet().removeIf(k -> k.startsWith("_system/vectord/lease/"));
        assertThat(copied).isEqualTo(expected);
        assertThat(r.objects()).isEqualTo(11);
        assertThat(r.objectsPerTopLevel()).containsEntry("indexes", 3L).containsEntry("other", 1L);

        assertThatThrownBy(() -> copier(lake, backup).backup()).hasMessageContaining("is not empty");
        assertThatThrownBy(() -> copier(backup, lake).restore()).hasMessageContaining("is not empty");
        assertThatThrownBy(() -> copier(lake, store()).restore()).hasMessageContaining("has no BACKUP.json");

        ObjectStore restored = store();
        // A lease nobody holds any more may be there (a wiped lake's leftovers); a live one refuses the restore.
        StoreLeases other = new StoreLeases(restored, StoreLeases.Settings.of(Duration.ofSeconds(30)),
                Clock.systemUTC(), LeaseHolder.current("queryd").onHost("elsewhere"));
        var live = other.acquire(StoreLeases.daemonPrefix("queryd"), null);
        assertThatThrownBy(() -> copier(backup, restored).restore()).hasMessageContaining("live lease");
        live.close();
        copier(backup, restored).restore();
        Map<String, String> after = contents(restored);
        after.keySet().removeIf(k -> k.startsWith("_system/queryd/lease/"));
        assertThat(after).isEqualTo(expected);
        leases.close();
    }

    @Test
    void copyDuringSnapshotsAndCompactionReplays() throws Exception {
        ObjectStore lake = store();
        int rawCount = rounds() * 20;
        for (int i = 0; i < rawCount; i++) {
            put(lake, "raw/candidate/dt=2026-11-24/r" + i + ".ndjson", "{\"n\":" + i + "}\n");
        }
        String unit = "journal/pathwayd/";
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        // A journal writer as the daemons do it: one entry per segment, a snapshot every 3 entries, then compaction
        // (keep the newest two snapshots, drop the segments the older of them covers).
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                TreeSet<Long> snaps = new TreeSet<>();
                for (long seq = 1; !stop.get(); seq++) {
                    put(lake, unit + "log/" + String.format("%020d", seq) + ".seg", "e" + seq);
                    written.set(seq);
                    if (seq % 3 == 0) {
                        put(lake, unit + "snap/" + String.format("%020d", seq) + ".snap", "upto" + seq);
                        snaps.add(seq);
                        while (snaps.size() > 2) {
                            lake.delete(ObjectKey.of(unit + "snap/" + String.format("%020d", snaps.pollFirst()) + ".snap"));
                        }
                        if (snaps.size() == 2) {
                            long covered = snaps.first();
                            for (long s = covered; s > 0 && lake.delete(ObjectKey.of(unit + "log/"
                                    + String.format("%020d", s) + ".seg")); s--) {
                                // deletes back to the previous compaction point
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            while (written.get() < 10) {
                Thread.onSpinWait();
            }
            for (int round = 0; round < rounds(); round++) {
                ObjectStore backup = store();
                copier(lake, backup).backup();
                Map<String, String> c = contents(backup);
                List<Long> snaps = seqs(c, unit + "snap/");
                List<Long> segs = seqs(c, unit + "log/");
                assertThat(snaps).as("round %d: a snapshot was copied", round).isNotEmpty();
                long base = snaps.getLast();
                assertThat(c.get(unit + "snap/" + String.format("%020d", base) + ".snap")).isEqualTo("upto" + base);
                List<Long> after = segs.stream().filter(s -> s > base).toList();
                // Replayable: every entry after the newest snapshot, without a gap.
                for (int i = 0; i < after.size(); i++) {
                    assertThat(after.get(i)).as("round %d: segments after snapshot %d: %s", round, base, after)
                            .isEqualTo(base + 1 + i);
                }
                assertThat(c.keySet().stream().filter(k -> k.startsWith("raw/")).count()).isEqualTo(rawCount);
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(written.get()).as("the writer kept writing during the backups").isGreaterThan(20);
    }

    private static List<Long> seqs(Map<String, String> c, String prefix) {
        return c.keySet().stream().filter(k -> k.startsWith(prefix))
                .map(k -> Long.parseLong(k.substring(prefix.length(), prefix.length() + 20))).sorted()
                .collect(Collectors.toList());
    }
}
