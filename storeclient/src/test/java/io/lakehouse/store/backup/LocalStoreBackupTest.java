package io.lakehouse.store.backup;

import io.lakehouse.store.LocalObjectStore;
import io.lakehouse.store.ObjectStore;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** Backup and restore on the local file system backend. */
class LocalStoreBackupTest extends StoreBackupContract {
    @TempDir
    Path dir;

    private final AtomicInteger n = new AtomicInteger();

    @Override
    protected ObjectStore newStore() {
        return new LocalObjectStore(dir.resolve("store-" + n.incrementAndGet()));
    }
}
