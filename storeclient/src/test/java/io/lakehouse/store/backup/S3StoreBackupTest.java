package io.lakehouse.store.backup;

import io.lakehouse.store.ObjectStore;
import io.lakehouse.store.ObjectStores;
import io.lakehouse.store.S3TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Backup and restore on S3 (s3proxy in this JVM). */
class S3StoreBackupTest extends StoreBackupContract {
    @TempDir
    static Path dir;

    static S3TestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.start(dir.resolve("s3"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected int rounds() {
        return 1; // each S3 request is a local HTTP round trip: one race is enough here, the local suite runs three
    }

    @Override
    protected ObjectStore newStore() {
        return ObjectStores.open(server.newBucket("lake"));
    }
}
