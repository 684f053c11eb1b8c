package io.lakehouse.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link ObjectStore} backend promises. A backend's test extends this class and supplies a fresh,
 * empty store per test; every test here runs against every backend.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
abstract class ObjectStoreContract {

    /** Sizes around this one cross the S3 backend's single-PUT / multipart boundary. */
    private static final int EIGHT_MIB = 8 << 20;

    protected ObjectStore store;

    /** A fresh, empty store for one test. */
    protected abstract ObjectStore newStore() throws Exception;

    /** The directory where the backend keeps its bytes: bad keys must not change anything under it. */
    protected abstract Path storageDirectory();

    /** Asserts the backend holds no leftovers of failed or finished writes (temp files, open multipart uploads). */
    protected abstract void assertNoPartialWrites() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void putGetStatDeleteRoundTrip() throws Exception {
        ObjectKey k = key("raw/candidate/dt=2026-11-24/batch-1.ndjson");
        byte[] data = utf8("{\"id\":1}\n{\"id\":2}\n");
        Instant before = Instant.now().minusSeconds(60);

        store.put(k, data);

        assertThat(store.getBytes(k)).hasValueSatisfying(b -> assertThat(b).isEqualTo(data));
        try (InputStream in = store.get(k).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        ObjectInfo info = store.stat(k).orElseThrow();
        assertThat(info.key()).isEqualTo(k);
        assertThat(info.size()).isEqualTo(data.length);
        assertThat(info.etag()).isNotBlank();
        assertThat(info.modified()).isBetween(before, Instant.now().plusSeconds(60));
        assertThat(keys(store.listAll(""))).containsExactly(k.value());

        assertThat(store.delete(k)).isTrue();
        assertThat(store.get(k)).isEmpty();
        assertThat(store.getBytes(k)).isEmpty();
        assertThat(store.stat(k)).isEmpty();
        assertThat(store.delete(k)).isFalse();
        assertThat(keys(store.listAll(""))).isEmpty();
    }

    @Test
    void emptyObjectsRoundTrip() throws Exception {
        store.put(key("e/bytes"), new byte[0]);
        store.put(key("e/known"), InputStream.nullInputStream(), 0);
        store.put(key("e/unknown"), InputStream.nullInputStream(), -1);
        assertThat(store.putIfAbsent(key("e/create"), new byte[0])).isTrue();

        for (String k : List.of("e/bytes", "e/known", "e/unknown", "e/create")) {
            assertThat(store.getBytes(key(k))).as(k).hasValueSatisfying(b -> assertThat(b).isEmpty());
            assertThat(store.stat(key(k))).as(k).hasValueSatisfying(i -> assertThat(i.size()).isZero());
        }
    }

    @Test
    void streamsOfKnownAndUnknownLengthRoundTripAtEverySizeBoundary() throws Exception {
        int[] sizes = {1, 100_000, EIGHT_MIB - 1, EIGHT_MIB, EIGHT_MIB + 1, 2 * EIGHT_MIB + 12_345};
        for (int size : sizes) {
            byte[] data = randomBytes(size, size);
            ObjectKey known = key("s/known-" + size);
            ObjectKey unknown = key("s/unknown-" + size);
            store.put(known, new ByteArrayInputStream(data), size);
            store.put(unknown, new ByteArrayInputStream(data), -1);
            assertThat(store.getBytes(known)).as("known %d", size).hasValueSatisfying(b -> assertThat(b).isEqualTo(data));
            assertThat(store.getBytes(unknown)).as("unknown %d", size)
                    .hasValueSatisfying(b -> assertThat(b).isEqualTo(data));
            assertThat(store.stat(unknown).orElseThrow().size()).isEqualTo(size);
        }
        assertNoPartialWrites();
    }

    @Test
    void streamThatDisagreesWithItsDeclaredLengthFailsAndKeepsTheOldObject() throws Exception {
        ObjectKey k = key("s/declared");
        store.put(k, utf8("old"));
        byte[] small = randomBytes(10, 1);
        byte[] big = randomBytes(EIGHT_MIB + 1000, 2);

        assertThatThrownBy(() -> store.put(k, new ByteArrayInputStream(small), 11)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> store.put(k, new ByteArrayInputStream(small), 9)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> store.put(k, new ByteArrayInputStream(big), big.length + 1))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> store.put(k, new ByteArrayInputStream(big), big.length - 1))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> store.put(k, new ByteArrayInputStream(small), -2))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.getBytes(k)).hasValueSatisfying(b -> assertThat(b).isEqualTo(utf8("old")));
        assertNoPartialWrites();
    }

    @Test
    void failingStreamLeavesNoObjectAndNoPartialState() throws Exception {
        ObjectKey fresh = key("fail/fresh");
        ObjectKey existing = key("fail/existing");
        store.put(existing, utf8("keep me"));

        for (ObjectKey k : List.of(fresh, existing)) {
            for (long length : new long[] {-1, 30L << 20}) {
                // Fails after 20 MiB: past the first parts of a multipart upload.
                InputStream failing = new GeneratedStream(30L << 20, 3) {
                    @Override
                    protected void at(long offset) throws IOException {
                        if (offset >= 20L << 20) {
                            throw new IOException("source failed at " + offset);
                        }
                    }
                };
                assertThatThrownBy(() -> store.put(k, failing, length)).isInstanceOf(IOException.class)
                        .hasStackTraceContaining("source failed");
            }
        }

        assertThat(store.stat(fresh)).isEmpty();
        assertThat(store.getBytes(existing)).hasValueSatisfying(b -> assertThat(b).isEqualTo(utf8("keep me")));
        assertThat(keys(store.listAll(""))).containsExactly(existing.value());
        assertNoPartialWrites();
    }

    @Test
    void putFileStoresTheFileAndConsumesIt() throws Exception {
        ObjectKey k = ObjectKey.of("putfile", "x", "a.bin");
        store.put(k, "old".getBytes(UTF_8));
        Path local = Files.createTempFile("putfile", ".bin");
        byte[] content = new byte[100_000];
        new SplittableRandom(3).nextBytes(content);
        Files.write(local, content);
        store.putFile(k, local);
        assertThat(Files.exists(local)).isFalse();
        assertThat(store.getBytes(k)).hasValueSatisfying(v -> assertThat(v).isEqualTo(content));
        assertThat(store.stat(k)).hasValueSatisfying(i -> assertThat(i.size()).isEqualTo(content.length));
        assertNoPartialWrites();
    }

    @Test
    void moveReplacesTheTargetAndRemovesTheSource() throws Exception {
        ObjectKey a = ObjectKey.of("move", "from", "a.bin");
        ObjectKey b = ObjectKey.of("move", "deep", "b.bin");
        assertThat(store.move(a, b)).isFalse();
        assertThat(store.stat(b)).isEmpty();
        assertThat(store.move(ObjectKey.of("move", "from"), b)).as("a prefix is not an object").isFalse();
        store.put(b, "old".getBytes(UTF_8));
        store.put(a, "new content".getBytes(UTF_8));
        assertThat(store.move(a, b)).isTrue();
        assertThat(store.getBytes(b)).hasValueSatisfying(v -> assertThat(new String(v, UTF_8)).isEqualTo("new content"));
        assertThat(store.stat(a)).isEmpty();
        assertThat(store.move(a, b)).as("already moved").isFalse();
        assertThat(store.getBytes(b)).hasValueSatisfying(v -> assertThat(new String(v, UTF_8)).isEqualTo("new content"));
        assertThat(store.list("move/", null, 10).objects()).extracting(ObjectInfo::key).containsExactly(b);
        assertNoPartialWrites();
    }

    @Test
    void absentKeysAndKeysThatAreOnlyPrefixesReadAsAbsent() throws Exception {
        ObjectKey absent = key("nothing/here.json");
        assertThat(store.get(absent)).isEmpty();
        assertThat(store.getBytes(absent)).isEmpty();
        assertThat(store.stat(absent)).isEmpty();
        assertThat(store.delete(absent)).isFalse();
        assertThat(store.list("nothing/", null, 10)).isEqualTo(new ListPage(List.of(), false));

        // "p" is a prefix of "p/q", not an object: on a file system it is a directory.
        store.put(key("p/q"), utf8("q"));
        assertThat(store.get(key("p"))).isEmpty();
        assertThat(store.stat(key("p"))).isEmpty();
        assertThat(store.delete(key("p"))).isFalse();
        assertThat(store.getBytes(key("p/q"))).hasValueSatisfying(b -> assertThat(b).isEqualTo(utf8("q")));
    }

    @Test
    void etagChangesWhenContentChanges() throws Exception {
        ObjectKey k = key("_system/test/manifest.json");
        String previous = null;
        for (int i = 0; i < 20; i++) {
            // Same size every time, written back to back: the etag must still change.
            store.put(k, utf8(i % 2 == 0 ? "aaaa" : "bbbb"));
            String etag = store.stat(k).orElseThrow().etag();
            assertThat(etag).as("round %d", i).isNotEqualTo(previous);
            assertThat(store.list("_system/", null, 10).objects()).singleElement()
                    .satisfies(o -> assertThat(o.etag()).isEqualTo(etag));
            previous = etag;
        }
    }

    @Test
    void readersNeverSeeAPartialObjectWhileItIsReplaced() throws Exception {
        ObjectKey k = key("indexes/people/snapshot.bin");
        int versions = 6;
        store.put(k, filled(replaceSize(0), 0));
        AtomicBoolean writing = new AtomicBoolean(true);
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> writer = pool.submit(() -> {
                try {
                    for (int v = 1; v <= versions; v++) {
                        byte[] content = filled(replaceSize(v), v);
                        switch (v % 3) {
                            case 0 -> store.put(k, content);
                            case 1 -> store.put(k, new ByteArrayInputStream(content), -1);
                            default -> store.put(k, new ByteArrayInputStream(content), content.length);
                        }
                    }
                } finally {
                    writing.set(false);
                }
                return null;
            });
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    int reads = 0;
                    do {
                        try (InputStream in = store.get(k).orElseThrow(() -> new AssertionError("object vanished"))) {
                            seen.add(readWholeVersion(in));
                        }
                        reads++;
                    } while (writing.get());
                    return reads;
                }));
            }
            writer.get();
            for (Future<Integer> reader : readers) {
                assertThat(reader.get()).isPositive();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).isNotEmpty().allSatisfy(v -> assertThat(v).isBetween(0, versions));
        assertThat(store.getBytes(k)).hasValueSatisfying(b -> assertThat(b).isEqualTo(filled(replaceSize(versions),
                versions)));
        assertNoPartialWrites();
    }

    /** Every fourth version is past the S3 multipart threshold; the size also identifies the version. */
    private static int replaceSize(int version) {
        return version % 4 == 0 ? EIGHT_MIB + (1 << 20) + version : (1 << 20) + version;
    }

    @Test
    void putIfAbsentHasExactlyOneWinnerPerRace() throws Exception {
        int threads = 16;
        int rounds = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < rounds; round++) {
                ObjectKey k = key("_system/locks/round-" + round);
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    byte[] mine = utf8("thread-" + t + "-round-" + round);
                    results.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        return store.putIfAbsent(k, mine);
                    }));
                }
                List<Integer> winners = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    if (results.get(t).get()) {
                        winners.add(t);
                    }
                }
                assertThat(winners).as("winners of round %d", round).hasSize(1);
                String winner = "thread-" + winners.getFirst() + "-round-" + round;
                assertThat(store.getBytes(k)).hasValueSatisfying(b -> assertThat(new String(b, UTF_8))
                        .isEqualTo(winner));
            }
        } finally {
            pool.shutdownNow();
        }
        ObjectKey k = key("_system/locks/round-0");
        byte[] before = store.getBytes(k).orElseThrow();
        assertThat(store.putIfAbsent(k, utf8("late"))).isFalse();
        assertThat(store.getBytes(k)).hasValueSatisfying(b -> assertThat(b).isEqualTo(before));
        assertNoPartialWrites();
    }

    @Test
    void streamsTwoHundredMegabytesOfUnknownLengthInBoundedMemory() throws Exception {
        long size = 200L << 20;
        // Measured: ~12 MiB for S3 (one 8 MiB part buffer), ~0 locally; holding the object would be 200 MiB.
        long allowedGrowth = 64L << 20;
        ObjectKey k = key("raw/big/dt=2026-11-24/big.bin");
        long baseline = liveHeapAfterGc();
        long[] during = new long[2];

        GeneratedStream source = new GeneratedStream(size, 42) {
            @Override
            protected void at(long offset) {
                if (during[0] == 0 && offset >= 150L << 20) {
                    // Mid-upload, with the store still holding whatever it holds: what is live now?
                    during[0] = liveHeapAfterGc();
                }
            }
        };
        store.put(k, source, -1);
        assertThat(source.produced()).isEqualTo(size);
        assertThat(store.stat(k).orElseThrow().size()).isEqualTo(size);

        CRC32C readBack = new CRC32C();
        long read = 0;
        try (InputStream in = store.get(k).orElseThrow()) {
            byte[] buf = new byte[64 << 10];
            for (int n; (n = in.read(buf)) > 0; ) {
                readBack.update(buf, 0, n);
                read += n;
                if (during[1] == 0 && read >= 150L << 20) {
                    during[1] = liveHeapAfterGc();
                }
            }
        }
        assertThat(read).isEqualTo(size);
        assertThat(readBack.getValue()).isEqualTo(source.checksum());
        assertThat(during[0] - baseline).as("live heap growth while writing").isLessThan(allowedGrowth);
        assertThat(during[1] - baseline).as("live heap growth while reading").isLessThan(allowedGrowth);
        assertNoPartialWrites();
    }

    @Test
    void listsThousandsOfKeysInLexicographicOrderAcrossPages() throws Exception {
        List<String> all = listingKeys();
        assertThat(all).hasSize(2500).doesNotHaveDuplicates();
        putAll(all);
        List<String> expected = all.stream().sorted().toList();

        List<ListPage> pages = new ArrayList<>();
        String after = null;
        do {
            ListPage page = store.list("", after, 1000);
            pages.add(page);
            after = page.lastKey();
        } while (pages.getLast().truncated());
        assertThat(pages).extracting(p -> p.objects().size()).containsExactly(1000, 1000, 500);
        assertThat(pages).extracting(ListPage::truncated).containsExactly(true, true, false);
        assertThat(pages.stream().flatMap(p -> p.objects().stream()).map(o -> o.key().value()).toList())
                .isEqualTo(expected);

        ListPage whole = store.list("", null, 5000);
        assertThat(whole.truncated()).isFalse();
        assertThat(keys(whole.objects().stream())).isEqualTo(expected);
        assertThat(whole.objects()).allSatisfy(o -> assertThat(o.size()).isEqualTo(utf8(o.key().value()).length));
        assertThat(keys(store.listAll(""))).isEqualTo(expected);

        for (String prefix : List.of("raw/cand", "raw/cand/", "raw/cand-", "raw/candidate", "raw/candidate/",
                "raw/candidate/dt=2026-11-0", "raw/job_order/001", "curated/", "cur", "nope", "raw/cand/99999")) {
            List<String> filtered = expected.stream().filter(s -> s.startsWith(prefix)).toList();
            assertThat(keys(store.listAll(prefix))).as("listAll(%s)", prefix).isEqualTo(filtered);
            assertThat(pagedKeys(prefix, 97)).as("pages of 97 under %s", prefix).isEqualTo(filtered);
        }
        assertThat(keys(store.listAll("raw/cand"))).hasSize(2200);
        assertThat(pagedKeys("raw/cand/", 7)).isEqualTo(expected.stream().filter(s -> s.startsWith("raw/cand/")).toList());

        // startAfter need not be a key, and may sort before or after the prefix.
        List<String> raw = expected.stream().filter(s -> s.startsWith("raw/")).toList();
        assertThat(keys(store.list("raw/", "raw/cand/", 5).objects().stream()))
                .isEqualTo(raw.stream().filter(s -> s.compareTo("raw/cand/") > 0).limit(5).toList());
        assertThat(keys(store.list("raw/", "a", 3).objects().stream())).isEqualTo(raw.subList(0, 3));
        assertThat(store.list("raw/", "zzz", 3)).isEqualTo(new ListPage(List.of(), false));
        ListPage exact = store.list("curated/", null, 100);
        assertThat(exact.objects()).hasSize(100);
        assertThat(exact.truncated()).isFalse();
    }

    @Test
    void badKeysAndPrefixesAreRejectedBeforeAnyIo() throws Exception {
        store.put(key("ok/key"), utf8("x"));
        Map<Path, Long> before = snapshot(storageDirectory());

        List<String> badKeys = List.of("../x", "/abs", "a\\b", "a//b", "a/./b", "a/../b", "..", ".", "", "a/",
                "a/b/", "x/..", "a\u0000b", "a\nb", "a\u007fb", "a\u0085b", "k".repeat(ObjectKey.MAX_LENGTH + 1));
        for (String bad : badKeys) {
            assertThatThrownBy(() -> new ObjectKey(bad)).as("key %s", bad).isInstanceOf(InvalidKeyException.class);
        }
        assertThatThrownBy(() -> new ObjectKey(null)).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> ObjectKey.of("raw", "..", "etc")).isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> ObjectKey.of("raw", "", "x")).isInstanceOf(InvalidKeyException.class);

        List<String> badPrefixes = List.of("../", "/abs", "a\\b", "a//b", "a/./b", "a/../", "./", "x\u0001");
        for (String bad : badPrefixes) {
            assertThatThrownBy(() -> store.list(bad, null, 10)).as("list %s", bad)
                    .isInstanceOf(InvalidKeyException.class);
            assertThatThrownBy(() -> store.listAll(bad)).as("listAll %s", bad)
                    .isInstanceOf(InvalidKeyException.class);
        }
        assertThatThrownBy(() -> store.list("ok/", null, 0)).isInstanceOf(IllegalArgumentException.class);

        assertThat(snapshot(storageDirectory())).isEqualTo(before);
        assertThat(keys(store.listAll(""))).containsExactly("ok/key");
    }

    @Test
    void putsAndDeletesOfNeighboursDoNotInterfere() throws Exception {
        // On a file system, deleting the last object of a directory removes the directory while a neighbour's write
        // may be about to rename into it.
        int rounds = 150;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                ObjectKey k = key("race/dir/worker-" + t);
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        store.put(k, utf8("round " + i));
                        assertThat(store.delete(k)).isTrue();
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(keys(store.listAll("race/"))).isEmpty();
        store.put(key("race/dir/after"), utf8("ok"));
        assertThat(keys(store.listAll("race/"))).containsExactly("race/dir/after");
    }

    @Test
    void closingAStreamEarlyReleasesIt() throws Exception {
        ObjectKey k = key("big/early-close.bin");
        byte[] data = randomBytes(4 << 20, 9);
        store.put(k, data);
        // More early closes than any connection pool holds: a leaked stream would exhaust it.
        for (int i = 0; i < 80; i++) {
            try (InputStream in = store.get(k).orElseThrow()) {
                assertThat(in.read()).isEqualTo(data[0] & 0xff);
            }
        }
        assertThat(store.getBytes(k)).hasValueSatisfying(b -> assertThat(b).isEqualTo(data));
    }

    @Test
    void pingsAndDescribesItself() throws Exception {
        store.ping();
        assertThat(store.describe()).isNotBlank().doesNotContain(S3TestServer.SECRET_KEY);
    }

    // ---- helpers

    static ObjectKey key(String value) {
        return new ObjectKey(value);
    }

    static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }

    static List<String> keys(Stream<ObjectInfo> objects) {
        return objects.map(o -> o.key().value()).toList();
    }

    private List<String> pagedKeys(String prefix, int pageSize) throws IOException {
        List<String> out = new ArrayList<>();
        String after = null;
        while (true) {
            ListPage page = store.list(prefix, after, pageSize);
            assertThat(page.objects().size()).isLessThanOrEqualTo(pageSize);
            out.addAll(keys(page.objects().stream()));
            if (!page.truncated()) {
                return out;
            }
            assertThat(page.objects()).as("a truncated page is not empty").isNotEmpty();
            after = page.lastKey();
        }
    }

    /** Keys whose names sit on both sides of '/' in byte order ('-' and '.' sort before it, digits after). */
    private static List<String> listingKeys() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            keys.add("raw/candidate/dt=2026-11-%02d/%05d.ndjson".formatted(i % 28 + 1, i));
        }
        for (int i = 0; i < 300; i++) {
            keys.add("raw/cand/%05d".formatted(i));
            keys.add("raw/cand-%05d".formatted(i));
            keys.add("raw/cand.%05d".formatted(i));
        }
        for (int i = 0; i < 200; i++) {
            keys.add("raw/cand0%04d".formatted(i));
            keys.add("raw/job_order/%05d.ndjson".formatted(i));
        }
        for (int i = 0; i < 100; i++) {
            keys.add("curated/candidate/dt=2026-11-01/part-%05d.parquet".formatted(i));
            keys.add("raw/candidate-%05d/x".formatted(i));
        }
        return keys;
    }

    private void putAll(List<String> keys) throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (List<String> slice : slices(keys, threads)) {
                puts.add(pool.submit(() -> {
                    for (String k : slice) {
                        store.put(key(k), utf8(k));
                    }
                    return null;
                }));
            }
            for (Future<?> f : puts) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<List<String>> slices(List<String> all, int n) {
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> java.util.stream.IntStream.range(0, all.size()).filter(j -> j % n == i)
                        .mapToObj(all::get).toList())
                .toList();
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static byte[] filled(int size, int version) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) version);
        return b;
    }

    /** Reads a whole replace-test object: one repeated byte, the version, at that version's size. */
    private static int readWholeVersion(InputStream in) throws IOException {
        byte[] buf = new byte[64 << 10];
        int version = -1;
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            if (version < 0) {
                version = buf[0];
            }
            for (int i = 0; i < n; i++) {
                if (buf[i] != version) {
                    throw new AssertionError("mixed content at offset " + (total + i) + ": " + buf[i] + " in version "
                            + version);
                }
            }
            total += n;
        }
        if (total != replaceSize(version)) {
            throw new AssertionError("version " + version + " has " + total + " bytes, expected "
                    + replaceSize(version));
        }
        return version;
    }

    /** Every file and directory under {@code dir} with its size (-1 for directories). */
    static Map<Path, Long> snapshot(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.collect(Collectors.toMap(p -> dir.relativize(p), p -> {
                try {
                    return Files.isDirectory(p) ? -1L : Files.size(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, (a, b) -> a, TreeMap::new));
        }
    }

    private static long liveHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * A deterministic pseudo-random stream of a given length, generated on the fly; keeps a CRC32C of what it produced.
     * Subclasses hook {@link #at(long)} to act at an offset.
     */
    static class GeneratedStream extends InputStream {
        private final long size;
        private final SplittableRandom random;
        private final CRC32C crc = new CRC32C();
        private long produced;

        GeneratedStream(long size, long seed) {
            this.size = size;
            this.random = new SplittableRandom(seed);
        }

        /** Called before producing the bytes at {@code offset}. */
        protected void at(long offset) throws IOException {
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (produced >= size) {
                return -1;
            }
            at(produced);
            int n = (int) Math.min(len, size - produced);
            for (int i = 0; i < n; i += 8) {
                long r = random.nextLong();
                for (int j = 0; j < 8 && i + j < n; j++) {
                    b[off + i + j] = (byte) (r >>> (8 * j));
                }
            }
            crc.update(b, off, n);
            produced += n;
            return n;
        }

        long produced() {
            return produced;
        }

        long checksum() {
            return crc.getValue();
        }
    }
}
