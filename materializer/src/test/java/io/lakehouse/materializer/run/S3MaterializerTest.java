package io.lakehouse.materializer.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakehouse.store.ObjectInfo;
import io.lakehouse.store.ObjectKey;
import io.lakehouse.store.ObjectStore;
import io.lakehouse.store.ObjectStores;
import io.lakehouse.store.S3TestServer;
import io.lakehouse.validation.ContractRegistries;
import io.lakehouse.validation.ContractRegistry;
import io.lakehouse.validation.EngineSettings;
import io.lakehouse.validation.ValidationEngine;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The same run over the S3 backend (s3proxy in-process): staging, commit, done-marker and lease on S3. */
class S3MaterializerTest {
    @TempDir
    static Path dir;
    static S3TestServer s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3TestServer.start(dir.resolve("s3"));
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Test
    void materializesOnS3AndARerunFindsNothing() throws Exception {
        try (ObjectStore store = ObjectStores.open(s3.newBucket("lake"));
             ContractRegistry contracts = ContractRegistries.open(store, new ValidationEngine(EngineSettings.DEFAULTS),
                     Duration.ofSeconds(1), null, true);
             Materializer m = new Materializer(store, contracts, JsonMapper.builder().build(),
                     TestLake.properties(dir, ""), d -> { }, Clock.systemUTC())) {
            store.put(Layout.raw("candidate", "2026-11-20", "s1"), (MaterializerTest.candidate(MaterializerTest.uuid(1),
                    "2026-11-24T23:30:00-05:00") + MaterializerTest.candidate(MaterializerTest.uuid(2),
                    "2026-11-24T12:00:00Z") + "{\"bad\":true}\n").getBytes(StandardCharsets.UTF_8));

            RunRecord run = m.run("candidate", "test", true);

            assertThat(run.status()).isEqualTo("succeeded");
            assertThat(run.datasets().getFirst().valid()).isEqualTo(2);
            assertThat(run.datasets().getFirst().invalid()).isEqualTo(1);
            List<String> curated;
            try (var all = store.listAll("curated/")) {
                curated = all.map(ObjectInfo::key).map(ObjectKey::value).toList();
            }
            assertThat(curated).containsExactly("curated/candidate/dt=2026-11-24/part-s1-0.parquet",
                    "curated/candidate/dt=2026-11-25/part-s1-0.parquet");
            try (var staging = store.listAll("_system/materializer/staging/")) {
                assertThat(staging.count()).isZero();
            }
            assertThat(store.stat(ObjectKey.of("quarantine/candidate/dt=2026-11-20/s1.ndjson"))).isPresent();
            Path local = dir.resolve("copy.parquet");
            try (InputStream in = store.get(ObjectKey.of(curated.getLast())).orElseThrow()) {
                Files.copy(in, local);
            }
            assertThat(TestLake.query("SELECT count(*) FROM read_parquet('" + local + "')").getFirst().getFirst())
                    .isEqualTo(1L);
            assertThat(m.run("candidate", "test", true).datasets().getFirst().objects()).isZero();
        }
    }
}
