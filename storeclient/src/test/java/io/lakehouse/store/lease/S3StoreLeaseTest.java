package io.lakehouse.store.lease;

import io.lakehouse.store.S3TestServer;
import io.lakehouse.store.StoreSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The lease contract on S3 (s3proxy in this JVM; the kill -9 children reach it over HTTP). */
class S3StoreLeaseTest extends StoreLeaseContract {
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
    protected StoreSettings newStoreSettings() {
        return server.newBucket("lake");
    }

    @Override
    protected List<String> childArgs() {
        return List.of(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY);
    }
}
