package io.lakehouse.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The contract against a real S3 server (s3proxy, in this JVM, over HTTP). */
class S3ObjectStoreTest extends ObjectStoreContract {

    @RegisterExtension
    static final S3TestServerExtension S3 = new S3TestServerExtension();

    private String bucket;

    @Override
    protected ObjectStore newStore() {
        StoreSettings settings = S3.server().newBucket();
        bucket = settings.uri().getAuthority();
        return ObjectStores.open(settings);
    }

    @Override
    protected Path storageDirectory() {
        return S3.server().directory();
    }

    @Override
    protected void assertNoPartialWrites() {
        try (S3Client raw = rawClient()) {
            assertThat(raw.listMultipartUploads(b -> b.bucket(bucket)).uploads()).as("open multipart uploads")
                    .isEmpty();
        }
    }

    @Test
    void keysLiveUnderTheUriPrefixAndListingsStripIt() throws Exception {
        StoreSettings rootSettings = S3.server().newBucket();
        String name = rootSettings.uri().getAuthority();
        try (ObjectStore root = ObjectStores.open(rootSettings);
                ObjectStore lakeA = ObjectStores.open(S3.server().settings(name, "lakes/a"));
                ObjectStore lakeB = ObjectStores.open(S3.server().settings(name, "lakes/b/"))) {
            lakeA.put(key("raw/x.ndjson"), utf8("a"));
            lakeB.put(key("raw/x.ndjson"), utf8("b"));
            assertThat(keys(root.listAll(""))).containsExactly("lakes/a/raw/x.ndjson", "lakes/b/raw/x.ndjson");
            assertThat(keys(lakeA.listAll(""))).containsExactly("raw/x.ndjson");
            assertThat(keys(lakeA.listAll("raw/"))).containsExactly("raw/x.ndjson");
            assertThat(lakeB.getBytes(key("raw/x.ndjson"))).hasValueSatisfying(b -> assertThat(b).isEqualTo(utf8("b")));
            assertThat(lakeA.delete(key("raw/x.ndjson"))).isTrue();
            assertThat(keys(root.listAll(""))).containsExactly("lakes/b/raw/x.ndjson");
            assertThat(lakeA.describe()).isEqualTo("s3://" + name + "/lakes/a");
            assertThat(lakeB.describe()).isEqualTo("s3://" + name + "/lakes/b");
            assertThat(root.describe()).isEqualTo("s3://" + name);
        }
    }

    @Test
    void objectsWrittenByOtherToolsThatAreNotValidKeysAreNotListed() throws Exception {
        try (S3Client raw = rawClient()) {
            raw.putObject(b -> b.bucket(bucket).key("folder/"), software.amazon.awssdk.core.sync.RequestBody.empty());
        }
        store.put(key("folder/x"), utf8("x"));
        assertThat(keys(store.listAll(""))).containsExactly("folder/x");
    }

    @Test
    void pingFailsForAMissingBucket() {
        try (ObjectStore missing = ObjectStores.open(S3.server().settings("no-such-bucket", ""))) {
            assertThatThrownBy(missing::ping).isInstanceOf(IOException.class).hasMessageContaining("no-such-bucket");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void rejectsMalformedUrisAndHalfSetCredentials() {
        StoreSettings.S3 s3 = S3.server().settings("b", "").s3();
        for (String uri : new String[] {"s3:bucket", "s3:///prefix", "s3://user:pw@bucket/p", "s3://Bad_Bucket/p",
                "s3://bucket/a//b", "s3://bucket/../x", "s3://bucket/p?x=1"}) {
            assertThatThrownBy(() -> ObjectStores.open(new StoreSettings(URI.create(uri), s3))).as(uri)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        StoreSettings.S3 half = new StoreSettings.S3(S3.server().endpoint(), "us-east-1", true, "id", null,
                Duration.ofSeconds(5));
        assertThatThrownBy(() -> ObjectStores.open(new StoreSettings(URI.create("s3://bucket"), half)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("together");
    }

    private static S3Client rawClient() {
        return S3Client.builder()
                .endpointOverride(S3.server().endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }
}
