package io.lakehouse.store.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.store.ObjectKey;
import io.lakehouse.store.ObjectStore;
import io.lakehouse.store.ObjectStores;
import io.lakehouse.store.S3TestServer;
import io.lakehouse.store.S3TestServerExtension;
import io.lakehouse.store.StoreSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The command line behind ./lakehouse backup/restore/doctor: S3 to a directory and back into another bucket. */
class StoreCliTest {
    @RegisterExtension
    static final S3TestServerExtension S3 = new S3TestServerExtension();

    @TempDir
    Path dir;

    private static Map<String, String> env() {
        return Map.of("LAKEHOUSE_STORAGE_S3_ENDPOINT", S3.server().endpoint().toString(),
                "LAKEHOUSE_STORAGE_S3_PATHSTYLE", "true",
                "LAKEHOUSE_STORAGE_S3_ACCESSKEY", S3TestServer.ACCESS_KEY,
                "LAKEHOUSE_STORAGE_S3_SECRETKEY", S3TestServer.SECRET_KEY);
    }

    private static String captureOut(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void backupFromS3IntoADirectoryAndRestoreIntoAnotherBucket() throws Exception {
        StoreSettings lakeSettings = S3.server().newBucket("lake");
        try (ObjectStore lake = ObjectStores.open(lakeSettings)) {
            lake.put(ObjectKey.of("schemas/candidate/v1.schema.json"), "{}".getBytes(StandardCharsets.UTF_8));
            lake.put(ObjectKey.of("indexes/people/snap/00000000000000000001.snap"), "s".getBytes(StandardCharsets.UTF_8));
        }
        String from = lakeSettings.uri().toString();
        Path backup = dir.resolve("backup");
        int[] rc = new int[1];
        String out = captureOut(() -> rc[0] = StoreCli.run(new String[] {"backup", "--from", from, "--to",
                backup.toString()}, env()));
        assertThat(rc[0]).as(out).isZero();
        assertThat(out).contains("\"operation\":\"backup\"").contains("\"objects\":2");
        assertThat(backup.resolve("BACKUP.json")).isRegularFile();
        assertThat(Files.readString(backup.resolve("schemas/candidate/v1.schema.json"))).isEqualTo("{}");

        StoreSettings target = S3.server().newBucket("restored");
        out = captureOut(() -> rc[0] = StoreCli.run(new String[] {"restore", "--from", backup.toString(), "--to",
                target.uri().toString()}, env()));
        assertThat(rc[0]).as(out).isZero();
        try (ObjectStore restored = ObjectStores.open(target)) {
            assertThat(restored.getBytes(ObjectKey.of("indexes/people/snap/00000000000000000001.snap")))
                    .hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("s"));
            assertThat(restored.stat(ObjectKey.of("BACKUP.json"))).isEmpty();
        }

        out = captureOut(() -> rc[0] = StoreCli.run(new String[] {"leases", "--store", from}, env()));
        assertThat(rc[0]).isZero();
        assertThat(out).contains("reachable");
        out = captureOut(() -> rc[0] = StoreCli.run(new String[] {"leases", "--store", "s3://no-such-bucket/x"},
                env()));
        assertThat(rc[0]).isEqualTo(1);
        assertThat(out).contains("NOT reachable");
        assertThat(StoreCli.run(new String[] {"frobnicate"}, env())).isEqualTo(2);
    }
}
