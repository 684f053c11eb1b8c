package io.lakehouse.store.backup;

import io.lakehouse.store.ObjectStore;
import io.lakehouse.store.ObjectStores;
import io.lakehouse.store.S3TestServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Backup and restore on S3 (s3proxy in this JVM). */
class S3StoreBackupTest extends StoreBackupContract {
    @RegisterExtension
    static final S3TestServerExtension S3 = new S3TestServerExtension();

    @Override
    protected int rounds() {
        return 1; // each S3 request is a local HTTP round trip: one race is enough here, the local suite runs three
    }

    @Override
    protected ObjectStore newStore() {
        return ObjectStores.open(S3.server().newBucket("lake"));
    }
}
