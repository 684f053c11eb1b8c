package io.lakehouse.store.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakehouse.store.ObjectKey;
import io.lakehouse.store.ObjectStore;
import io.lakehouse.store.ObjectStores;
import io.lakehouse.store.StoreSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lease contract, run against each store backend (LocalStoreLeaseTest, S3StoreLeaseTest). */
abstract class StoreLeaseContract {
    static final String PREFIX = StoreLeases.daemonPrefix("testd");

    protected abstract StoreSettings newStoreSettings() throws Exception;

    /** Extra arguments for {@link LeaseHolderMain} after the ttl (S3 credentials). */
    protected List<String> childArgs() {
        return List.of();
    }

    private StoreSettings settings;
    private ObjectStore store;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<Process> children = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        settings = newStoreSettings();
        store = ObjectStores.open(settings);
    }

    @AfterEach
    void close() throws Exception {
        for (Process p : children) {
            p.destroyForcibly().waitFor();
        }
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
        store.close();
    }

    private StoreLeases leases(String host, Duration ttl, Duration renewEvery, Clock clock) {
        LeaseHolder self = LeaseHolder.current("testd");
        StoreLeases l = new StoreLeases(store, new StoreLeases.Settings(ttl, renewEvery, true), clock,
                host == null ? self : self.onHost(host));
        closeables.add(l);
        return l;
    }

    private StoreLeases leases(String host, Duration ttl) {
        return leases(host, ttl, Duration.ZERO, Clock.systemUTC());
    }

    @Test
    void secondHolderIsRefusedWithAMessageNamingTheHolder() throws Exception {
        StoreLease a = leases(null, Duration.ofSeconds(30)).acquire(PREFIX, null);
        assertThat(a.isHeld()).isTrue();
        assertThat(a.record().generation()).isZero();
        StoreLeases b = leases("other-host", Duration.ofSeconds(30));
        long pid = ProcessHandle.current().pid();
        assertThatThrownBy(() -> b.acquire(PREFIX, null)).isInstanceOf(LeaseHeldException.class)
                .hasMessageContaining("_system/testd/lease/ is held by testd on host " + a.record().holder().host()
                        + " pid " + pid)
                .hasMessageContaining("generation 0")
                .satisfies(e -> assertThat(((LeaseHeldException) e).holder()).isEqualTo(a.record()));
        assertThat(b.tryAcquire(PREFIX, null)).isEmpty();
        // The same process under another StoreLeases is refused too: a live pid is never "gone".
        assertThat(leases(null, Duration.ofSeconds(30)).tryAcquire(PREFIX, null)).isEmpty();
        assertThat(StoreLeases.inspect(store, PREFIX)).hasValueSatisfying(s -> {
            assertThat(s.released()).isFalse();
            assertThat(s.record()).isEqualTo(a.record());
        });
    }

    @Test
    void releaseFreesTheLeaseAtOnce() throws Exception {
        StoreLease a = leases(null, Duration.ofSeconds(30)).acquire(PREFIX, null);
        a.close();
        assertThat(a.isHeld()).isFalse();
        assertThatThrownBy(a::checkHeld).isInstanceOf(LeaseLostException.class).hasMessageContaining("released");
        assertThat(StoreLeases.inspect(store, PREFIX)).hasValueSatisfying(s -> assertThat(s.released()).isTrue());
        StoreLease b = leases("other-host", Duration.ofSeconds(30)).acquire(PREFIX, null);
        assertThat(b.record().generation()).isEqualTo(1);
        StoreLease c;
        b.close();
        c = leases("third-host", Duration.ofSeconds(30)).acquire(PREFIX, null);
        assertThat(c.record().generation()).isEqualTo(2);
        // Generation 0 is cleaned up; the one before the current stays as a record of the previous holder.
        assertThat(store.listAll(PREFIX).map(i -> i.key().name()).toList())
                .containsExactly("000000000001.lease", "000000000001.released", "000000000002.lease");
    }

    @Test
    void expiredLeaseIsTakenOverAndTheOldHolderLearnsItLost() throws Exception {
        AtomicReference<String> told = new AtomicReference<>();
        StoreLease a = leases(null, Duration.ofMillis(700)).acquire(PREFIX, (l, reason) -> told.set(reason));
        StoreLeases b = leases("other-host", Duration.ofSeconds(30));
        assertThat(b.tryAcquire(PREFIX, null)).as("live lease").isEmpty();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Optional<StoreLease> taken = Optional.empty();
        while (taken.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            taken = b.tryAcquire(PREFIX, null);
        }
        assertThat(taken).as("taken over after expiry").isPresent();
        assertThat(taken.get().record().generation()).isEqualTo(1);
        assertThat(a.isHeld()).isFalse();
        assertThatThrownBy(a::renew).isInstanceOf(LeaseLostException.class);
        assertThat(told.get()).contains("LOST");
        // A lost lease is not released on close: that would free the new holder's lease.
        a.close();
        assertThat(StoreLeases.inspect(store, PREFIX)).hasValueSatisfying(s -> {
            assertThat(s.released()).isFalse();
            assertThat(s.record().holder().host()).isEqualTo("other-host");
        });
    }

    @Test
    void renewalKeepsTheLeaseBeyondItsTtl() throws Exception {
        StoreLease a = leases(null, Duration.ofMillis(900), Duration.ofMillis(150), Clock.systemUTC())
                .acquire(PREFIX, null);
        Instant first = a.record().expiresAt();
        Thread.sleep(2000); // time passing is the subject of this test: more than twice the ttl
        assertThat(a.isHeld()).isTrue();
        assertThat(a.record().expiresAt()).isAfter(first.plusMillis(1000));
        assertThat(leases("other-host", Duration.ofSeconds(30)).tryAcquire(PREFIX, null)).isEmpty();
        assertThat(a.record().generation()).isZero();
    }

    @Test
    void holderThatCannotRenewInTimeGivesTheLeaseUp() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-29T00:00:00Z"));
        AtomicReference<String> told = new AtomicReference<>();
        StoreLease a = leases(null, Duration.ofSeconds(10), Duration.ZERO, clock).acquire(PREFIX,
                (l, r) -> told.set(r));
        clock.now = clock.now.plusSeconds(9);
        a.renew();
        assertThat(a.isHeld()).isTrue();
        clock.now = clock.now.plusSeconds(10);
        assertThat(a.isHeld()).as("validity ended").isFalse();
        assertThatThrownBy(a::renew).isInstanceOf(LeaseLostException.class).hasMessageContaining("ttl");
        assertThat(told.get()).contains("not renewed within");
    }

    @Test
    void fencedStoreRefusesWritesOnceTheLeaseIsGone() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        StoreLease a = leases(null, Duration.ofSeconds(10), Duration.ZERO, clock).acquire(PREFIX, null);
        FencedObjectStore fenced = new FencedObjectStore(store, a);
        ObjectKey key = ObjectKey.of("indexes/x/log/00000000000000000001.wal");
        fenced.put(key, "w1".getBytes(StandardCharsets.UTF_8));
        assertThat(fenced.putIfAbsent(ObjectKey.of("journal/x/log/1.seg"), new byte[] {1})).isTrue();
        java.nio.file.Path file = java.nio.file.Files.createTempFile("fenced-", ".snap");
        java.nio.file.Files.write(file, new byte[] {7});
        fenced.putFile(ObjectKey.of("journal/x/snap/1.snap"), file);
        assertThat(fenced.getBytes(ObjectKey.of("journal/x/snap/1.snap"))).hasValueSatisfying(b ->
                assertThat(b).containsExactly(7));
        // Where the backend appends in place (the file system), an open log segment is fenced on every change too.
        java.util.Optional<io.lakehouse.store.AppendableObject> open =
                fenced.openAppendable(ObjectKey.of("journal/x/log/2.open"), true);
        if (open.isPresent()) {
            open.get().write(java.nio.ByteBuffer.wrap(new byte[] {2}));
            open.get().sync();
        }
        clock.now = clock.now.plusSeconds(11); // paused past the ttl: someone else may hold it now
        if (open.isPresent()) {
            assertThatThrownBy(() -> open.get().write(java.nio.ByteBuffer.wrap(new byte[] {3})))
                    .isInstanceOf(java.io.IOException.class).hasMessageContaining("no longer holds the lease");
            assertThatThrownBy(() -> open.get().sync()).isInstanceOf(java.io.IOException.class);
            assertThatThrownBy(() -> open.get().seal(ObjectKey.of("journal/x/log/2.seg")))
                    .isInstanceOf(java.io.IOException.class);
            open.get().close();
        }
        assertThatThrownBy(() -> fenced.openAppendable(ObjectKey.of("journal/x/log/3.open"), true))
                .isInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> fenced.put(key, "stale".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("no longer holds the lease " + PREFIX);
        assertThatThrownBy(() -> fenced.delete(key)).isInstanceOf(java.io.IOException.class);
        java.nio.file.Path late = java.nio.file.Files.createTempFile("fenced-", ".snap");
        try {
            assertThatThrownBy(() -> fenced.putFile(ObjectKey.of("journal/x/snap/2.snap"), late))
                    .isInstanceOf(java.io.IOException.class).hasMessageContaining("no longer holds the lease");
        } finally {
            java.nio.file.Files.deleteIfExists(late);
        }
        assertThatThrownBy(() -> fenced.putIfAbsent(ObjectKey.of("journal/x/log/2.seg"), new byte[] {2}))
                .isInstanceOf(java.io.IOException.class);
        assertThat(fenced.getBytes(key)).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8))
                .isEqualTo("w1"));
        fenced.close();
        assertThat(store.getBytes(key)).isPresent(); // the underlying store stays open
    }

    @Test
    void exactlyOneOfRacingContendersWins() throws Exception {
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        closeables.add(pool::shutdownNow);
        for (int round = 0; round < 3; round++) {
            List<StoreLeases> contenders = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                contenders.add(leases("host-" + round + "-" + i, Duration.ofSeconds(30)));
            }
            CyclicBarrier barrier = new CyclicBarrier(n);
            List<Future<Optional<StoreLease>>> results = new ArrayList<>();
            for (StoreLeases c : contenders) {
                results.add(pool.submit(() -> {
                    barrier.await();
                    return c.tryAcquire(PREFIX, null);
                }));
            }
            List<StoreLease> winners = new ArrayList<>();
            for (Future<Optional<StoreLease>> f : results) {
                f.get(30, TimeUnit.SECONDS).ifPresent(winners::add);
            }
            assertThat(winners).as("winners of round " + round).hasSize(1);
            assertThat(winners.getFirst().record().generation()).isEqualTo(round);
            winners.getFirst().close();
        }
    }

    @Test
    void scopedLeasesAreIndependentOfTheDaemonLease() throws Exception {
        String scoped = StoreLeases.daemonPrefix("testd", "index_a");
        assertThat(scoped).isEqualTo("_system/testd/lease/index_a/");
        StoreLease daemon = leases(null, Duration.ofSeconds(30)).acquire(PREFIX, null);
        StoreLease a = leases("other-host", Duration.ofSeconds(30)).acquire(scoped, null);
        StoreLease b = leases("third-host", Duration.ofSeconds(30))
                .acquire(StoreLeases.daemonPrefix("testd", "index_b"), null);
        assertThat(List.of(daemon, a, b)).allMatch(StoreLease::isHeld);
        assertThat(daemon.record().generation()).isZero();
        daemon.renew();
        assertThat(daemon.isHeld()).as("scoped generations do not count as newer daemon generations").isTrue();
        assertThatThrownBy(() -> StoreLeases.daemonPrefix("testd", "../x")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void unreadableRecordCountsAsExpired() throws Exception {
        store.put(ObjectKey.of(PREFIX + "000000000004.lease"), "garbage".getBytes(StandardCharsets.UTF_8));
        StoreLease a = leases(null, Duration.ofSeconds(30)).acquire(PREFIX, null);
        assertThat(a.record().generation()).isEqualTo(5);
    }

    @Test
    void holderKilledOnThisHostIsTakenOverWithoutWaitingForExpiry() throws Exception {
        Child child = startChild(Duration.ofSeconds(60));
        StoreLeases here = leases(null, Duration.ofSeconds(60));
        assertThatThrownBy(() -> here.acquire(PREFIX, null)).as("the child is alive")
                .isInstanceOf(LeaseHeldException.class).hasMessageContaining("pid " + child.pid + " ");
        long killed = System.nanoTime();
        child.process.destroyForcibly().waitFor(); // SIGKILL: no release, no shutdown hook
        StoreLease taken = here.acquire(PREFIX, null);
        assertThat(taken.record().generation()).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void holderKilledOnAnotherHostIsTakenOverAfterExpiry() throws Exception {
        Duration ttl = Duration.ofSeconds(10);
        Child child = startChild(ttl);
        child.process.destroyForcibly().waitFor();
        LeaseRecord dead = StoreLeases.inspect(store, PREFIX).orElseThrow().record();
        // Another host just before the expiry (a clock, not the wall: a loaded machine may take longer than the ttl
        // to get here): a dead pid elsewhere is not proof, so the lease is still held.
        StoreLeases elsewhere = leases("elsewhere", ttl, Duration.ZERO,
                Clock.fixed(dead.expiresAt().minusMillis(500), ZoneOffset.UTC));
        assertThatThrownBy(() -> elsewhere.acquire(PREFIX, null)).as("not provably gone from another host")
                .isInstanceOf(LeaseHeldException.class).hasMessageContaining("pid " + child.pid + " ");
        // That host one ttl later (its clock moved on instead of the test sleeping): the lease has expired.
        StoreLeases later = leases("elsewhere", ttl, Duration.ZERO, Clock.offset(Clock.systemUTC(), ttl.plusSeconds(1)));
        StoreLease taken = later.acquire(PREFIX, null);
        assertThat(taken.record().generation()).isEqualTo(1);
        assertThat(taken.record().acquiredAt()).isAfter(dead.expiresAt());
        assertThat(dead.holder().pid()).isEqualTo(child.pid);
    }

    private record Child(Process process, long pid) {
    }

    private Child startChild(Duration ttl) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp",
                System.getProperty("java.class.path"), LeaseHolderMain.class.getName(), settings.uri().toString(),
                settings.s3().endpoint() == null ? "-" : settings.s3().endpoint().toString(), PREFIX,
                Long.toString(ttl.toMillis())));
        cmd.addAll(childArgs());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        children.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> held = CompletableFuture.supplyAsync(() -> {
            try {
                StringBuilder seen = new StringBuilder();
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("HELD ")) {
                        return line;
                    }
                    seen.append(line).append('\n');
                }
                throw new IllegalStateException("child exited without the lease:\n" + seen);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String line = held.get(60, TimeUnit.SECONDS);
        String[] parts = line.split(" ");
        assertThat(parts[1]).isEqualTo("0");
        return new Child(p, Long.parseLong(parts[2]));
    }

    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
