package io.lakehouse.vectord.durability;

import io.lakehouse.store.ObjectKey;
import io.lakehouse.vectord.index.ItemRecord;
import io.lakehouse.vectord.index.VectorIndex;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Start-up of one index: the newest valid snapshot, then every log record after it, into the item map. */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private Recovery() {
    }

    /** What recovery found: the snapshot used (0 when none), the last sequence number seen, the snapshot's time. */
    public record State(long snapshotSeq, long lastSeq, long replayed, Instant snapshotSavedAt) {
    }

    public static State recover(IndexStorage storage, VectorIndex index) throws IOException {
        Optional<IndexStorage.Snapshot> snap = storage.loadNewestValidSnapshot();
        long snapSeq = 0;
        Instant savedAt = null;
        if (snap.isPresent()) {
            snapSeq = snap.get().seq();
            for (ItemRecord r : snap.get().items()) {
                index.applyUpsert(r);
            }
            savedAt = storage.snapshotTime(snapSeq);
        }
        AtomicLong replayed = new AtomicLong();
        AtomicLong maxRecord = new AtomicLong(snapSeq);
        long maxName = storage.replay(snapSeq, r -> {
            IndexLog.apply(index, r);
            replayed.incrementAndGet();
            maxRecord.accumulateAndGet(r.seq(), Math::max);
        });
        long last = Math.max(maxName, maxRecord.get());
        for (var o : storage.snapshots()) {
            last = Math.max(last, IndexStorage.seqOf(o.key()));
        }
        if (replayed.get() > 0) {
            LOG.info("index {}: replayed {} log records after snapshot seq {}", storage.name(), replayed.get(), snapSeq);
        }
        return new State(snapSeq, last, replayed.get(), savedAt);
    }

    public static void initLogBytes(IndexStorage storage, IndexLog log) throws IOException {
        log.setLogBytes(storage.logBytesAfter(0));
    }

    static ObjectKey key(String name) {
        return IndexStorage.settingsKey(name);
    }
}
