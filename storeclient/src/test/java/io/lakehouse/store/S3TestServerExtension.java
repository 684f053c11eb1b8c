package io.lakehouse.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link S3TestServer} per test class, in its own temporary directory that is deleted afterwards:
 * {@code @RegisterExtension static final S3TestServerExtension S3 = new S3TestServerExtension();}
 * then {@code S3.server().newBucket()}.
 */
public final class S3TestServerExtension implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private S3TestServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("lakehouse-s3-");
        server = S3TestServer.start(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The running server; only between the class's first and last test. */
    public S3TestServer server() {
        if (server == null) {
            throw new IllegalStateException("the S3 test server runs only while the test class runs");
        }
        return server;
    }
}
