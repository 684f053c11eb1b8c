package io.lakehouse.store;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 backend: objects live in one bucket under an optional key prefix ({@code s3://bucket/prefix}).
 *
 * <p>A single PUT or a completed multipart upload is atomic on S3, so readers see the old object or the new one.
 * Create-only writes use {@code If-None-Match: *}; there is deliberately no compare-and-swap on ETags (If-Match),
 * because S3-compatible servers differ in whether it is atomic under concurrency (see ADR 0002).
 */
final class S3ObjectStore implements ObjectStore {

    /** Part size for streams of unknown length; S3's minimum is 5 MiB, and memory use is one part buffer. */
    static final int PART_SIZE = 8 << 20;

    /** S3 allows at most 10,000 parts per upload. */
    static final int MAX_PARTS = 10_000;

    private static final String OCTETS = "application/octet-stream";

    private final S3Client s3;
    private final String bucket;
    /** "" or the store prefix followed by '/'. */
    private final String root;
    private final AwsRequestOverrideConfiguration callTimeout;

    S3ObjectStore(S3Client s3, String bucket, String prefix, Duration timeout) {
        this.s3 = Objects.requireNonNull(s3, "s3 is null");
        this.bucket = Objects.requireNonNull(bucket, "bucket is null");
        this.root = prefix == null || prefix.isEmpty() ? "" : prefix + "/";
        this.callTimeout = AwsRequestOverrideConfiguration.builder()
                .apiCallTimeout(Objects.requireNonNull(timeout, "timeout is null"))
                .build();
    }

    /** Opens the bucket an {@code s3://bucket/prefix} URI names with the connection settings beside it. */
    static S3ObjectStore open(StoreSettings settings) {
        URI uri = settings.uri();
        String bucket = bucketOf(uri);
        String prefix = prefixOf(uri);
        StoreSettings.S3 c = settings.s3();
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(c.region()))
                .forcePathStyle(c.pathStyle())
                .credentialsProvider(credentials(c))
                // Bounded stalls on every connection; whole-call timeouts are set per request (callTimeout) for
                // metadata calls only, because a data transfer's duration depends on its size.
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(c.timeout())
                        .socketTimeout(c.timeout())
                        .connectionAcquisitionTimeout(c.timeout()));
        if (c.endpoint() != null) {
            builder.endpointOverride(c.endpoint());
        }
        return new S3ObjectStore(builder.build(), bucket, prefix, c.timeout());
    }

    static String bucketOf(URI uri) {
        if (uri.isOpaque() || uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
            throw new IllegalArgumentException("store URI " + uri + " names no bucket (use s3://bucket/prefix)");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("store URI must not carry credentials; set lakehouse.storage.s3."
                    + "access-key and secret-key instead");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("store URI " + uri + " must not have a query or fragment");
        }
        String bucket = uri.getRawAuthority();
        if (!bucket.matches("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("store URI " + uri + " has an invalid bucket name '" + bucket
                    + "' (3-63 characters: lowercase letters, digits, '.', '-')");
        }
        return bucket;
    }

    static String prefixOf(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.isEmpty()) {
            String problem = ObjectKey.problem(path);
            if (problem != null) {
                throw new IllegalArgumentException("store URI " + uri + " has an invalid prefix: " + problem);
            }
        }
        return path;
    }

    private static AwsCredentialsProvider credentials(StoreSettings.S3 c) {
        boolean access = c.accessKey() != null && !c.accessKey().isBlank();
        boolean secret = c.secretKey() != null && !c.secretKey().isBlank();
        if (access != secret) {
            throw new IllegalArgumentException("S3 access-key and secret-key must be set together (or neither, to use"
                    + " the default credential chain)");
        }
        return access
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(c.accessKey(), c.secretKey()))
                : DefaultCredentialsProvider.builder().build();
    }

    @Override
    public void put(ObjectKey key, byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes is null");
        putSingle(key, bytes, bytes.length);
    }

    @Override
    public void put(ObjectKey key, InputStream in, long length) throws IOException {
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(in, "in is null");
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (unknown) or non-negative: " + length);
        }
        int partSize = partSize(length);
        byte[] buf = new byte[(int) (length >= 0 ? Math.min(length, partSize) : partSize)];
        int n = in.readNBytes(buf, 0, buf.length);
        if (length >= 0 && length <= partSize) {
            requireLength(n, length, in);
            putSingle(key, buf, n);
        } else if (length < 0 && n < buf.length) {
            putSingle(key, buf, n);
        } else {
            putMultipart(key, in, length, buf, n);
        }
    }

    /** Parts of 8 MiB, larger when a known length would otherwise need more than 10,000 of them. */
    static int partSize(long length) {
        if (length <= (long) PART_SIZE * MAX_PARTS) {
            return PART_SIZE;
        }
        long mib = 1 << 20;
        long size = (length + MAX_PARTS - 1) / MAX_PARTS;
        size = (size + mib - 1) / mib * mib;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("object too large for one upload: " + length + " bytes");
        }
        return (int) size;
    }

    private void putSingle(ObjectKey key, byte[] buf, int n) throws IOException {
        String k = s3Key(key);
        try {
            s3.putObject(b -> b.bucket(bucket).key(k), body(buf, n));
        } catch (SdkException e) {
            throw failure("PutObject", k, e);
        }
    }

    private void putMultipart(ObjectKey key, InputStream in, long length, byte[] buf, int first) throws IOException {
        String k = s3Key(key);
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(k).overrideConfiguration(callTimeout))
                    .uploadId();
        } catch (SdkException e) {
            throw failure("CreateMultipartUpload", k, e);
        }
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long total = 0;
            int n = first;
            while (n > 0) {
                int partNumber = parts.size() + 1;
                if (partNumber > MAX_PARTS) {
                    throw new IOException("stream for " + k + " is longer than " + MAX_PARTS + " parts of "
                            + buf.length + " bytes; pass its length to put()");
                }
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(k).uploadId(uploadId).partNumber(partNumber),
                        body(buf, n)).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
                total += n;
                int want = length < 0 ? buf.length : (int) Math.min(buf.length, length - total);
                if (n < buf.length || want == 0) {
                    break;
                }
                n = in.readNBytes(buf, 0, want);
            }
            if (length >= 0) {
                requireLength(total, length, in);
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(k).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)).overrideConfiguration(callTimeout));
        } catch (SdkException e) {
            IOException failure = failure("multipart upload", k, e);
            abort(k, uploadId, failure);
            throw failure;
        } catch (IOException | RuntimeException | Error e) {
            abort(k, uploadId, e);
            throw e;
        }
    }

    private void abort(String k, String uploadId, Throwable cause) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(k).uploadId(uploadId).overrideConfiguration(callTimeout));
        } catch (SdkException e) {
            // The upload stays invisible either way; a bucket lifecycle rule reclaims its parts.
            cause.addSuppressed(e);
        }
    }

    private static void requireLength(long actual, long declared, InputStream in) throws IOException {
        if (actual < declared) {
            throw new IOException("stream ended after " + actual + " of " + declared + " declared bytes");
        }
        if (in.read() != -1) {
            throw new IOException("stream is longer than the " + declared + " declared bytes");
        }
    }

    /** A request body over the first {@code n} bytes of {@code buf}, re-readable for retries, without copying. */
    private static RequestBody body(byte[] buf, int n) {
        ContentStreamProvider provider = () -> new ByteArrayInputStream(buf, 0, n);
        return RequestBody.fromContentProvider(provider, n, OCTETS);
    }

    @Override
    public boolean putIfAbsent(ObjectKey key, byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes is null");
        String k = s3Key(key);
        try {
            s3.putObject(b -> b.bucket(bucket).key(k).ifNoneMatch("*"), body(bytes, bytes.length));
            return true;
        } catch (S3Exception e) {
            // 412: the key exists. 409 ConditionalRequestConflict: a concurrent create of the same key is in flight;
            // at most one of the racers can win, so this one counts as lost.
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false;
            }
            throw failure("PutObject If-None-Match", k, e);
        } catch (SdkException e) {
            throw failure("PutObject If-None-Match", k, e);
        }
    }

    @Override
    public Optional<InputStream> get(ObjectKey key) throws IOException {
        String k = s3Key(key);
        try {
            return Optional.of(new AbortOnEarlyClose(s3.getObject(b -> b.bucket(bucket).key(k))));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("GetObject", k, e);
        } catch (SdkException e) {
            throw failure("GetObject", k, e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(ObjectKey key) throws IOException {
        String k = s3Key(key);
        try {
            HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key(k).overrideConfiguration(callTimeout));
            return Optional.of(new ObjectInfo(key, h.contentLength(), etag(h.eTag()), h.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("HeadObject", k, e);
        } catch (SdkException e) {
            throw failure("HeadObject", k, e);
        }
    }

    @Override
    public ListPage list(String prefix, String startAfter, int maxKeys) throws IOException {
        String p = prefix == null ? "" : prefix;
        ObjectKey.checkPrefix(p);
        if (maxKeys <= 0) {
            throw new IllegalArgumentException("maxKeys must be positive: " + maxKeys);
        }
        List<ObjectInfo> out = new ArrayList<>();
        String token = null;
        boolean truncated;
        // A server returns at most 1,000 keys per call (and may return fewer): follow continuation tokens until
        // the page is full or the listing ends.
        do {
            ListObjectsV2Request.Builder req = ListObjectsV2Request.builder()
                    .bucket(bucket)
                    .prefix(root + p)
                    .maxKeys(Math.min(maxKeys - out.size(), ListPage.DEFAULT_PAGE))
                    .overrideConfiguration(callTimeout);
            if (token != null) {
                req.continuationToken(token);
            } else if (startAfter != null) {
                req.startAfter(root + startAfter);
            }
            ListObjectsV2Response r;
            try {
                r = s3.listObjectsV2(req.build());
            } catch (SdkException e) {
                throw failure("ListObjectsV2", root + p, e);
            }
            for (S3Object o : r.contents()) {
                String k = o.key().substring(root.length());
                // Objects written by other tools may not be valid keys (e.g. "dir/" markers): not part of the store.
                if (ObjectKey.problem(k) == null) {
                    out.add(new ObjectInfo(new ObjectKey(k), o.size(), etag(o.eTag()), o.lastModified()));
                }
            }
            truncated = Boolean.TRUE.equals(r.isTruncated());
            token = r.nextContinuationToken();
        } while (truncated && token != null && out.size() < maxKeys);
        return new ListPage(out, truncated);
    }

    @Override
    public boolean delete(ObjectKey key) throws IOException {
        // S3's DeleteObject answers 204 whether or not the key existed; HEAD first to report which it was.
        boolean existed = stat(key).isPresent();
        String k = s3Key(key);
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(k).overrideConfiguration(callTimeout));
        } catch (SdkException e) {
            throw failure("DeleteObject", k, e);
        }
        return existed;
    }

    @Override
    public String describe() {
        return "s3://" + bucket + (root.isEmpty() ? "" : "/" + root.substring(0, root.length() - 1));
    }

    @Override
    public void ping() throws IOException {
        try {
            s3.headBucket(b -> b.bucket(bucket).overrideConfiguration(callTimeout));
        } catch (SdkException e) {
            throw failure("HeadBucket", "", e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    private String s3Key(ObjectKey key) {
        return root + Objects.requireNonNull(key, "key is null").value();
    }

    private static String etag(String raw) {
        if (raw == null) {
            return "";
        }
        return raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"") ? raw.substring(1, raw.length() - 1)
                : raw;
    }

    private IOException failure(String operation, String key, SdkException e) {
        String where = "s3://" + bucket + "/" + key;
        if (e instanceof S3Exception s && s.awsErrorDetails() != null) {
            return new IOException(operation + " " + where + " failed: HTTP " + s.statusCode() + " "
                    + s.awsErrorDetails().errorCode() + ": " + s.awsErrorDetails().errorMessage(), e);
        }
        return new IOException(operation + " " + where + " failed: " + e.getMessage(), e);
    }

    /**
     * Closing an S3 response stream normally drains it to reuse the connection; a reader that stops early (a header
     * peek, a failed parse) would then download the rest of a large object. Abort the connection instead.
     */
    private static final class AbortOnEarlyClose extends FilterInputStream {
        private final ResponseInputStream<GetObjectResponse> response;
        private boolean eof;

        AbortOnEarlyClose(ResponseInputStream<GetObjectResponse> response) {
            super(response);
            this.response = response;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            eof |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            eof |= n < 0;
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!eof) {
                response.abort();
            }
            super.close();
        }
    }
}
