package io.lakehouse.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest extends ObjectStoreContract {

    @TempDir
    Path dir;

    @Override
    protected ObjectStore newStore() {
        return new LocalObjectStore(dir.resolve("lake"));
    }

    @Override
    protected Path storageDirectory() {
        return dir.resolve("lake");
    }

    @Override
    protected void assertNoPartialWrites() throws Exception {
        try (Stream<Path> staging = Files.list(dir.resolve("lake").resolve(LocalObjectStore.STAGING))) {
            assertThat(staging).as("temp files left in .staging").isEmpty();
        }
    }

    @Test
    void objectsAreFilesAtTheirKeysPath() throws Exception {
        LocalObjectStore local = (LocalObjectStore) store;
        store.put(key("curated/candidate/dt=2026-11-24/part-0.parquet"), utf8("PAR1"));
        Path file = local.pathOf(key("curated/candidate/dt=2026-11-24/part-0.parquet"));
        assertThat(file).isEqualTo(dir.resolve("lake/curated/candidate/dt=2026-11-24/part-0.parquet"));
        assertThat(Files.readString(file)).isEqualTo("PAR1");
        assertThat(store.describe()).isEqualTo(dir.resolve("lake").toUri().toString());
    }

    @Test
    void theStagingDirectoryIsNeitherAKeyNorListed() throws Exception {
        store.put(key("a"), utf8("a"));
        assertThatThrownBy(() -> store.put(key(".staging/x"), utf8("x"))).isInstanceOf(InvalidKeyException.class);
        assertThat(keys(store.listAll(""))).containsExactly("a");
        assertThat(keys(store.listAll(".staging/"))).isEmpty();
        assertThat(keys(store.listAll(".st"))).isEmpty();
    }

    @Test
    void deletingTheLastObjectOfADirectoryRemovesTheEmptyDirectories() throws Exception {
        store.put(key("raw/x/dt=2026-11-24/a.ndjson"), utf8("{}"));
        store.put(key("raw/y"), utf8("{}"));
        assertThat(store.delete(key("raw/x/dt=2026-11-24/a.ndjson"))).isTrue();
        assertThat(dir.resolve("lake/raw/x")).doesNotExist();
        assertThat(dir.resolve("lake/raw")).isDirectory();
    }

    @Test
    void opensFromFileUris() throws Exception {
        Path lake = dir.resolve("from-uri");
        try (ObjectStore opened = ObjectStores.open(new StoreSettings(lake.toUri(), null))) {
            opened.put(key("k"), utf8("v"));
        }
        assertThat(lake.resolve("k")).hasContent("v");
        assertThat(ObjectStores.localPath(new StoreSettings(URI.create("file:./data/lake"), null)))
                .isEqualTo(Path.of("data/lake").toAbsolutePath());
        assertThatThrownBy(() -> ObjectStores.open(new StoreSettings(URI.create("gs://bucket"), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gs");
    }

    @Test
    void appendableObjectsAreCreateOnlyHeldExclusivelyAndSealedToTheirBytes() throws Exception {
        ObjectKey k = key("journal/x/log/1.open");
        ObjectKey sealed = key("journal/x/log/2.seg");
        try (AppendableObject a = store.openAppendable(k, true).orElseThrow()) {
            a.write(java.nio.ByteBuffer.wrap(utf8("hello ")));
            a.write(java.nio.ByteBuffer.wrap(utf8("world")));
            a.sync();
            assertThat(a.size()).isEqualTo(11);
            // Readers see the bytes, followed by zeros reserved for later appends.
            byte[] seen = store.getBytes(k).orElseThrow();
            assertThat(new String(seen, 0, 11, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("hello world");
            assertThat(seen.length).isGreaterThanOrEqualTo(11);
            for (int i = 11; i < seen.length; i++) {
                assertThat(seen[i]).isZero();
            }
            assertThatThrownBy(() -> store.openAppendable(k, true)).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
            assertThatThrownBy(() -> store.openAppendable(k, false)).isInstanceOf(ObjectBusyException.class);
            store.put(sealed, utf8("someone else's"));
            assertThat(a.seal(sealed)).isFalse();
            store.delete(sealed);
            assertThat(a.seal(sealed)).isTrue();
        }
        assertThat(store.getBytes(sealed).map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)))
                .contains("hello world");
        assertThat(store.stat(k)).isEmpty();
        // An object left behind (its writer gone) is taken over, cut and extended.
        store.put(k, utf8("abcdef"));
        try (AppendableObject a = store.openAppendable(k, false).orElseThrow()) {
            a.truncate(3);
            a.write(java.nio.ByteBuffer.wrap(utf8("XY")));
            a.sync();
            assertThat(a.seal(key("journal/x/log/3.seg"))).isTrue();
        }
        assertThat(store.getBytes(key("journal/x/log/3.seg")).orElseThrow()).isEqualTo(utf8("abcXY"));
    }
}
