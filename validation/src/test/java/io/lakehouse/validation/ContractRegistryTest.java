package io.lakehouse.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouse.store.ListPage;
import io.lakehouse.store.LocalObjectStore;
import io.lakehouse.store.ObjectInfo;
import io.lakehouse.store.ObjectKey;
import io.lakehouse.store.ObjectStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractRegistryTest {
    private static final byte[] V1 = bytes("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}}}");
    private static final byte[] V1_REORDERED = bytes("{\"properties\":{\"a\":{\"type\":\"integer\"}},  \"type\":\"object\"}");
    private static final byte[] V2 = bytes("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}");

    @TempDir
    Path dir;

    private final ValidationEngine engine = new ValidationEngine(EngineSettings.DEFAULTS);

    private ContractRegistry registry(ObjectStore store, Duration missRecheck) {
        return new ContractRegistry(store, engine, missRecheck, Clock.systemUTC());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void versionsAreAppendOnlyAndIdenticalPutIsANoOp() throws Exception {
        LocalObjectStore store = new LocalObjectStore(dir);
        ContractRegistry r = registry(store, Duration.ofSeconds(1));
        assertThat(r.put("person", V1)).isEqualTo(new ContractRegistry.PutResult("person", 1, true));
        assertThat(r.put("person", V1_REORDERED)).isEqualTo(new ContractRegistry.PutResult("person", 1, false));
        assertThat(r.put("person", V2)).isEqualTo(new ContractRegistry.PutResult("person", 2, true));
        // Going back to v1's document is a new version: history is never rewritten.
        assertThat(r.put("person", V1)).isEqualTo(new ContractRegistry.PutResult("person", 3, true));
        assertThat(r.latest("person").orElseThrow().version()).isEqualTo(3);
        assertThat(r.version("person", 2).orElseThrow().source()).isEqualTo(V2);
        assertThat(store.getBytes(ObjectKey.of("schemas", "person", "v1.schema.json"))).contains(V1);
        assertThat(store.getBytes(ObjectKey.of("schemas", "person", "v2.schema.json"))).contains(V2);
        assertThat(r.version("person", 4)).isEmpty();
    }

    @Test
    void invalidSchemaIsRejectedWithAClearReasonAndNothingIsWritten() throws Exception {
        LocalObjectStore store = new LocalObjectStore(dir);
        ContractRegistry r = registry(store, Duration.ofSeconds(1));
        assertThatThrownBy(() -> r.put("person", bytes("{\"type\":\"objekt\"}")))
                .isInstanceOf(InvalidContractException.class)
                .hasMessageStartingWith("schema is not a valid draft 2020-12 schema: at /type");
        assertThatThrownBy(() -> r.put("person", bytes("{\"properties\":{\"a\":{\"pattern\":\"([a-z\"}}}")))
                .isInstanceOf(InvalidContractException.class).hasMessageContaining("/properties/a/pattern");
        assertThat(store.listAll("schemas/").count()).isZero();
    }

    @Test
    void aNameThatIsNotADatasetNameNeverReachesTheStore() {
        AtomicInteger calls = new AtomicInteger();
        ContractRegistry r = registry(new ForbiddenStore(calls), Duration.ofSeconds(1));
        for (String bad : new String[] {"../etc", "Person", "a-b", "", "x".repeat(64), "1abc"}) {
            assertThatThrownBy(() -> r.put(bad, V1)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("^[a-z][a-z0-9_]{0,62}$");
        }
        assertThat(calls).hasValue(0);
    }

    @Test
    void twoReplicasNeverWriteTheSameVersion() throws Exception {
        LocalObjectStore store = new LocalObjectStore(dir);
        ContractRegistry a = registry(store, Duration.ofSeconds(1));
        ContractRegistry b = registry(store, Duration.ofSeconds(1));
        assertThat(a.put("person", V1).version()).isEqualTo(1);
        // b has not seen v1; its put re-reads the store first and then takes v2.
        assertThat(b.put("person", V2).version()).isEqualTo(2);
        assertThat(a.put("person", V2)).isEqualTo(new ContractRegistry.PutResult("person", 2, false));
    }

    @Test
    void anotherReplicaPicksUpNewVersionsByPollingWithoutRestart() throws Exception {
        LocalObjectStore store = new LocalObjectStore(dir);
        ContractRegistry writer = registry(store, Duration.ofHours(1));
        ContractRegistry reader = registry(store, Duration.ofHours(1));
        writer.put("person", V1);
        reader.refreshAll();
        assertThat(reader.latest("person").orElseThrow().version()).isEqualTo(1);
        reader.startPolling(Duration.ofMillis(50));
        try {
            writer.put("person", V2);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (reader.latest("person").orElseThrow().version() != 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(reader.latest("person").orElseThrow().version()).isEqualTo(2);
        } finally {
            reader.close();
        }
    }

    @Test
    void aMissReReadsTheStoreAtOnce() throws Exception {
        LocalObjectStore store = new LocalObjectStore(dir);
        ContractRegistry writer = registry(store, Duration.ZERO);
        ContractRegistry reader = registry(store, Duration.ZERO);
        reader.refreshAll();
        assertThat(reader.latest("person")).isEmpty();
        writer.put("person", V1);
        assertThat(reader.latest("person")).isPresent();
        writer.put("person", V2);
        assertThat(reader.version("person", 2)).isPresent();
    }

    @Test
    void shippedContractsAreSeededOnceAndNeverOverwritten() throws Exception {
        LocalObjectStore store = new LocalObjectStore(dir);
        ContractRegistry r = registry(store, Duration.ofSeconds(1));
        r.put("candidate", V1);
        assertThat(ShippedContracts.seed(r)).isEqualTo(ShippedContracts.DATASETS.size() - 1);
        assertThat(r.latest("candidate").orElseThrow().source()).isEqualTo(V1);
        assertThat(ShippedContracts.seed(registry(store, Duration.ofSeconds(1)))).isZero();
        assertThat(Files.exists(dir.resolve("schemas/job_order/v1.schema.json"))).isTrue();
    }

    @Test
    void aBrokenObjectInTheStoreIsSkippedNotFatal() throws Exception {
        LocalObjectStore store = new LocalObjectStore(dir);
        store.put(ObjectKey.of("schemas", "person", "v1.schema.json"), bytes("{not json"));
        store.put(ObjectKey.of("schemas", "person", "v2.schema.json"), V2);
        ContractRegistry r = registry(store, Duration.ofSeconds(1));
        r.refreshAll();
        assertThat(r.loaded()).isTrue();
        assertThat(r.latest("person").orElseThrow().version()).isEqualTo(2);
        assertThat(r.version("person", 1)).isEmpty();
    }

    /** Counts and refuses every call: the name check must come first. */
    private record ForbiddenStore(AtomicInteger calls) implements ObjectStore {
        private <T> T refuse() {
            calls.incrementAndGet();
            throw new AssertionError("the store must not be touched");
        }

        @Override
        public void put(ObjectKey key, byte[] bytes) {
            refuse();
        }

        @Override
        public void put(ObjectKey key, InputStream in, long length) {
            refuse();
        }

        @Override
        public boolean putIfAbsent(ObjectKey key, byte[] bytes) {
            return refuse();
        }

        @Override
        public Optional<InputStream> get(ObjectKey key) {
            return refuse();
        }

        @Override
        public Optional<ObjectInfo> stat(ObjectKey key) {
            return refuse();
        }

        @Override
        public ListPage list(String prefix, String startAfter, int maxKeys) {
            return refuse();
        }

        @Override
        public boolean delete(ObjectKey key) {
            return refuse();
        }

        @Override
        public String describe() {
            return "forbidden";
        }

        @Override
        public void ping() {
            refuse();
        }
    }
}
