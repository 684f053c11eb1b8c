package io.lakehouse.store.lease;

import io.lakehouse.store.StoreSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The lease contract on the local file system backend. */
class LocalStoreLeaseTest extends StoreLeaseContract {
    @TempDir
    Path dir;

    @Override
    protected StoreSettings newStoreSettings() {
        return new StoreSettings(dir.toUri(), StoreSettings.S3.DEFAULTS);
    }
}
