package io.lakehouse.queryd.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.store.LocalObjectStore;
import io.lakehouse.store.ObjectKey;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mirror follows the store through the ObjectStore interface only: new, changed and removed objects. */
class CuratedMirrorTest {
    @TempDir
    Path storeDir;
    @TempDir
    Path mirrorDir;

    @Test
    void syncsNewChangedAndRemovedObjects() throws Exception {
        LocalObjectStore store = new LocalObjectStore(storeDir);
        ObjectKey a = new ObjectKey("curated/job_order/dt=2026-11-24/part-0.parquet");
        store.put(a, "v1".getBytes());
        store.put(new ObjectKey("curated/Bad-Name/dt=2026-11-24/part-0.parquet"), "x".getBytes());
        store.put(new ObjectKey("curated/job_order/dt=2026-11-24/notes.txt"), "x".getBytes());
        store.put(new ObjectKey("raw/job_order/dt=2026-11-24/1.ndjson"), "x".getBytes());
        Files.createDirectories(mirrorDir.resolve("curated/stale"));
        Files.writeString(mirrorDir.resolve("curated/stale/old.parquet"), "left over");

        CuratedMirror mirror = new CuratedMirror(store, mirrorDir);
        assertThat(mirrorDir.resolve("curated/stale")).doesNotExist();
        assertThat(mirror.sync()).isEqualTo(1);
        Path local = mirrorDir.resolve(a.value());
        assertThat(local).hasContent("v1");
        assertThat(mirrorDir.resolve("curated/Bad-Name")).doesNotExist();
        assertThat(mirrorDir.resolve("raw")).doesNotExist();
        assertThat(mirror.sync()).isZero();

        store.put(a, "v2 longer".getBytes());
        assertThat(mirror.sync()).isEqualTo(1);
        assertThat(local).hasContent("v2 longer");

        store.delete(a);
        assertThat(mirror.sync()).isEqualTo(1);
        assertThat(local).doesNotExist();
        assertThat(mirrorDir.resolve("curated/job_order")).doesNotExist();
    }
}
