package io.lakehouse.journal;

import io.lakehouse.store.ObjectStore;
import io.lakehouse.store.ObjectStores;
import io.lakehouse.store.S3TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The same contract on the S3 backend, against s3proxy in-process (enforces If-None-Match). */
class S3JournalTest extends JournalContract {
    @TempDir
    static Path serverDir;
    static S3TestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.start(serverDir);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    ObjectStore newStore(Path dir) {
        return ObjectStores.open(server.newBucket());
    }
}
