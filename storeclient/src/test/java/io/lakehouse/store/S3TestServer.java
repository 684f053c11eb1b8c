package io.lakehouse.store;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * A real S3 server in the test's JVM: s3proxy 4.1.0 over its "filesystem" store, on a free loopback port, with
 * static credentials and path-style addressing. Ships in the storeclient test-jar for other modules' tests.
 *
 * <pre>{@code
 * @RegisterExtension static final S3TestServerExtension S3 = new S3TestServerExtension();
 * ... ObjectStores.open(S3.server().newBucket()) ...
 * }</pre>
 *
 * <p>Objects are files under the directory given to {@link #start}, so large objects do not fill the heap. A module
 * using it declares (versions are managed by the parent):
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>io.lakehouse</groupId><artifactId>storeclient</artifactId><type>test-jar</type><scope>test</scope>
 * </dependency>
 * <dependency>
 *   <groupId>org.gaul</groupId><artifactId>s3proxy</artifactId><scope>test</scope>
 * </dependency>
 * }</pre>
 */
public final class S3TestServer implements AutoCloseable {

    public static final String ACCESS_KEY = "lakehouse-test";
    public static final String SECRET_KEY = "lakehouse-test-secret";

    private final S3Proxy proxy;
    private final BlobStore blobs;
    private final Path dir;
    private final URI endpoint;
    private final AtomicInteger buckets = new AtomicInteger();

    private S3TestServer(S3Proxy proxy, BlobStore blobs, Path dir) {
        this.proxy = proxy;
        this.blobs = blobs;
        this.dir = dir;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** Starts a server that keeps its buckets as directories under {@code dir}. */
    public static S3TestServer start(Path dir) throws Exception {
        Objects.requireNonNull(dir, "dir is null");
        Files.createDirectories(dir);
        BlobStore blobs = new FilesystemNio2BlobStore(dir.toAbsolutePath().toString());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobs)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // The SDK sends headers s3proxy does not know (x-amz-mp-object-size...): 501 otherwise.
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        return new S3TestServer(proxy, blobs, dir);
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The directory holding the buckets. */
    public Path directory() {
        return dir;
    }

    /** Creates a bucket with a fresh name and returns settings for a store at its root. */
    public StoreSettings newBucket() {
        return newBucket("");
    }

    /** Creates a bucket with a fresh name and returns settings for a store under {@code prefix} ("" for none). */
    public StoreSettings newBucket(String prefix) {
        String bucket = "test-bucket-" + buckets.incrementAndGet();
        createBucket(bucket);
        return settings(bucket, prefix);
    }

    /** Creates {@code bucket} if it does not exist. */
    public void createBucket(String bucket) {
        if (!blobs.containerExists(bucket)) {
            blobs.createContainer(bucket);
        }
    }

    /** Settings for {@code s3://bucket/prefix} on this server: endpoint, path-style, its static credentials. */
    public StoreSettings settings(String bucket, String prefix) {
        String path = prefix == null || prefix.isEmpty() ? "" : "/" + prefix;
        return new StoreSettings(URI.create("s3://" + bucket + path),
                new StoreSettings.S3(endpoint, "us-east-1", true, ACCESS_KEY, SECRET_KEY, Duration.ofSeconds(30)));
    }

    /** Stops the server; the directory is the caller's (usually a JUnit {@code @TempDir}). */
    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop s3proxy on " + endpoint + ": " + e.getMessage(), e);
        } finally {
            blobs.close();
        }
    }

    @Override
    public String toString() {
        return "S3TestServer[" + endpoint + ", " + dir + "]";
    }
}
