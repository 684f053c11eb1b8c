package io.lakehouse.pathwayd.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.journal.Journal;
import io.lakehouse.journal.JournalSettings;
import io.lakehouse.shared.ids.Ids;
import io.lakehouse.store.LocalObjectStore;
import io.lakehouse.store.ObjectStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A randomized workload of 10,000 operations (every kind, rejections included) from concurrent writers; then the
 * state rebuilt from the journal alone, and from the snapshot plus the journal after it, equals the live state
 * field by field (memories, playbooks, every history entry with its before and after).
 */
class ReplayIdentityTest {
    static final int OPERATIONS = 10_000;
    static final int WRITERS = 16;

    @TempDir
    Path dir;

    static MemoryService service(ObjectStore store, long snapshotEvery, Path tmp) throws Exception {
        Journal journal = Journal.open(store, "pathwayd", JournalSettings.defaults(), null);
        MemoryService s = new MemoryService(journal, new Codec(), new MemoryStateMachine(Clock.systemUTC(), Ids::newId),
                new MemoryService.Settings(Duration.ofSeconds(30), snapshotEvery, tmp), null);
        s.start();
        return s;
    }

    @Test
    void journalAloneAndSnapshotPlusTailRebuildTheLiveState() throws Exception {
        ObjectStore store = new LocalObjectStore(dir.resolve("lake"));
        MemoryService service = service(store, Long.MAX_VALUE, dir);
        List<String> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        ConcurrentHashMap<String, Integer> outcomes = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                long seed = 1000 + w;
                fs.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    for (int i = 0; i < OPERATIONS / WRITERS; i++) {
                        Command c = randomCommand(r, ids);
                        try {
                            if (c instanceof Command.Add && r.nextInt(20) == 0) {
                                List<Command> batch = List.of(c, randomAdd(r), randomAdd(r));
                                service.submitAll(batch).forEach(d -> ids.add(d.result().id()));
                            } else {
                                MemoryStateMachine.Decision d = service.submit(c);
                                if (d.created()) {
                                    ids.add(d.result().id());
                                }
                            }
                            outcomes.merge(c.getClass().getSimpleName(), 1, Integer::sum);
                        } catch (Rejected e) {
                            rejected.incrementAndGet();
                            outcomes.merge(e.code().code(), 1, Integer::sum);
                        }
                        if (done.incrementAndGet() == OPERATIONS / 2) {
                            service.snapshot();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
        // every kind of operation and of rejection happened
        assertThat(outcomes).containsKeys("Add", "Update", "Revise", "Retire", "PutPlaybook", "memory_retired",
                "memory_superseded", "version_mismatch", "memory_not_found");
        assertThat(rejected.get()).isBetween(100, OPERATIONS / 2);
        MemoryState live = service.live();
        assertThat(live.entries()).isGreaterThan(OPERATIONS / 2);

        Codec codec = new Codec();
        Journal reader = Journal.open(store, "pathwayd", JournalSettings.defaults(), null);
        MemoryState fromJournal = new MemoryState(true);
        reader.replay(0, e -> fromJournal.apply(e.seq(), codec.decode(e.payload())));
        assertThat(fromJournal.seq()).isEqualTo(live.seq());
        assertThat(fromJournal.dump()).isEqualTo(live.dump());

        MemoryState fromSnapshot = new MemoryState(true);
        long snap = reader.loadSnapshot(in -> codec.readSnapshot(in, fromSnapshot::applyEntry));
        assertThat(snap).isBetween(1L, live.seq() - 1);
        reader.replay(snap, e -> fromSnapshot.apply(e.seq(), codec.decode(e.payload())));
        assertThat(fromSnapshot.dump()).isEqualTo(live.dump());

        // and a restart of the service itself (snapshot + tail) answers the same
        service.close();
        MemoryService again = service(store, Long.MAX_VALUE, dir);
        assertThat(again.live().dump()).isEqualTo(live.dump());
        again.close();
    }

    static Command.Add randomAdd(Random r) {
        var meta = JsonNodeFactory.instance.objectNode().put("n", r.nextInt(100)).put("f", r.nextDouble());
        return new Command.Add(Kind.values()[r.nextInt(3)], "content " + r.nextInt(), r.nextBoolean() ? null
                : JsonNodeFactory.instance.arrayNode().add("s" + r.nextInt(9)),
                new Scope("u" + r.nextInt(10), r.nextBoolean() ? "a" + r.nextInt(3) : null, null), meta, null);
    }

    static Command randomCommand(Random r, List<String> ids) {
        int p = r.nextInt(100);
        if (ids.size() < 20 || p < 25) {
            return randomAdd(r);
        }
        String id = p < 28 ? "missing-" + r.nextInt(5) : ids.get(r.nextInt(ids.size()));
        Long ifMatch = r.nextInt(5) == 0 ? (long) (1 + r.nextInt(3)) : null;
        if (p < 50) {
            return new Command.Update(id, r.nextBoolean() ? "updated " + r.nextInt() : null,
                    null, JsonNodeFactory.instance.objectNode().put("u", r.nextInt(9)), ifMatch);
        }
        if (p < 62) {
            return new Command.Revise(id, "revised " + r.nextInt(), null, null, null, r.nextBoolean() ? "why" : null, ifMatch);
        }
        if (p < 72) {
            return new Command.Revise(id, null, null, null, ids.get(r.nextInt(ids.size())), null, null);
        }
        if (p < 85) {
            return new Command.Retire(id, "reason " + r.nextInt(9), ifMatch);
        }
        return new Command.PutPlaybook("pb-" + r.nextInt(15), "steps for " + r.nextInt(4),
                JsonNodeFactory.instance.arrayNode().add("a").add(r.nextInt(3)), Scope.NONE, null, null);
    }
}
