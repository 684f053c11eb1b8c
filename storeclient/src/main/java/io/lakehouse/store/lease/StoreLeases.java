package io.lakehouse.store.lease;

import io.lakehouse.store.ObjectInfo;
import io.lakehouse.store.ObjectKey;
import io.lakehouse.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-writer leases in the object store (ADR 0003). A lease under a prefix such as {@code _system/vectord/lease/}
 * is a sequence of generation objects {@code <prefix><n>.lease}, each created with {@code putIfAbsent}: of several
 * contenders that see generation n free, exactly one creates n+1, on the file system and on S3 alike. The holder
 * renews by rewriting its own generation with a later {@code expires_at}; releasing writes {@code <n>.released}.
 * Generation n is free when released, expired, or held by a process on this host that is provably gone.
 *
 * <p>One renewal thread serves every lease this instance hands out; {@link #close()} releases what is still held.
 */
public final class StoreLeases implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreLeases.class);
    private static final Pattern GENERATION = Pattern.compile("(\\d{12})\\.(lease|released)");
    private static final int ATTEMPTS = 5;

    /**
     * @param ttl                     how long a lease lasts without renewal
     * @param renewEvery              renewal period (zero: never renewed automatically; tests and one-shot tools)
     * @param takeOverGoneLocalHolder take a live-looking lease at once when its holder is a process on this host
     *                                that is provably gone (a kill -9 followed by a restart need not wait the ttl)
     */
    public record Settings(Duration ttl, Duration renewEvery, boolean takeOverGoneLocalHolder) {
        public Settings {
            Objects.requireNonNull(ttl, "ttl is null");
            Objects.requireNonNull(renewEvery, "renewEvery is null");
            if (ttl.toMillis() < 100) {
                throw new IllegalArgumentException("lease ttl must be at least 100 ms, got " + ttl);
            }
            if (renewEvery.isNegative() || renewEvery.compareTo(ttl.dividedBy(2)) > 0) {
                throw new IllegalArgumentException("lease renewal period must be between 0 and half the ttl ("
                        + ttl.dividedBy(2) + "), got " + renewEvery);
            }
        }

        /** A ttl renewed every third of it, taking over gone local holders. */
        public static Settings of(Duration ttl) {
            return new Settings(ttl, ttl.dividedBy(3), true);
        }
    }

    private final ObjectStore store;
    private final Settings settings;
    private final Clock clock;
    private final LeaseHolder self;
    private final ScheduledExecutorService renewer;
    private final Set<StoreLease> held = ConcurrentHashMap.newKeySet();

    public StoreLeases(ObjectStore store, Settings settings, Clock clock, LeaseHolder self) {
        this.store = Objects.requireNonNull(store, "store is null");
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.self = Objects.requireNonNull(self, "self is null");
        this.renewer = settings.renewEvery().isZero() ? null : Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("store-lease-renewer").factory());
    }

    /** {@code _system/<daemon>/lease/}: the whole daemon's lease. */
    public static String daemonPrefix(String daemon) {
        return prefix("_system/" + daemon + "/lease");
    }

    /** {@code _system/<daemon>/lease/<scope>/}: a lease on one part of the daemon's state (an index, a tenant). */
    public static String daemonPrefix(String daemon, String scope) {
        return prefix("_system/" + daemon + "/lease/" + scope);
    }

    private static String prefix(String p) {
        ObjectKey.of(p); // validates the daemon and scope names as key segments
        return p + "/";
    }

    /** Who this instance claims to be in the leases it writes. */
    public LeaseHolder self() {
        return self;
    }

    public Settings settings() {
        return settings;
    }

    /** Takes the lease under {@code prefix} or throws {@link LeaseHeldException} naming the live holder. */
    public StoreLease acquire(String prefix, LeaseLostListener onLost) throws IOException {
        return attempt(prefix, onLost, true).orElseThrow();
    }

    /** Takes the lease under {@code prefix}, or empty when a live holder has it. */
    public Optional<StoreLease> tryAcquire(String prefix, LeaseLostListener onLost) throws IOException {
        return attempt(prefix, onLost, false);
    }

    /** The newest generation's record under {@code prefix}, released or not (empty when there is none). */
    public static Optional<LeaseState> inspect(ObjectStore store, String prefix) throws IOException {
        Scan s = scan(store, prefix);
        if (s.newest < 0) {
            return Optional.empty();
        }
        Optional<byte[]> body = store.getBytes(leaseKey(prefix, s.newest));
        if (body.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LeaseState(prefix, LeaseRecord.parse(body.get()), s.released));
    }

    /** The newest generation of a lease and whether it was released. */
    public record LeaseState(String prefix, LeaseRecord record, boolean released) {
    }

    private Optional<StoreLease> attempt(String prefix, LeaseLostListener onLost, boolean orThrow) throws IOException {
        ObjectKey.checkPrefix(prefix);
        if (!prefix.endsWith("/")) {
            throw new IllegalArgumentException("a lease prefix ends with '/', got " + prefix);
        }
        LeaseRecord blocking = null;
        LeaseRecord lastTried = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            Scan s = scan(store, prefix);
            Instant now = clock.instant();
            LeaseRecord previous = null;
            if (s.newest >= 0 && !s.released) {
                Optional<byte[]> body = store.getBytes(leaseKey(prefix, s.newest));
                if (body.isEmpty()) {
                    continue; // cleaned up by a newer holder between list and read: look again
                }
                try {
                    previous = LeaseRecord.parse(body.get());
                } catch (IllegalArgumentException e) {
                    LOG.warn("lease {}: generation {} is unreadable ({}); treating it as expired", prefix, s.newest,
                            e.getMessage());
                }
                if (previous != null && previous.equals(lastTried)) {
                    // Our own create whose answer was lost to a retry (ADR 0002): it is ours.
                    return Optional.of(start(prefix, previous, null, onLost));
                }
                if (previous != null && !previous.expiredAt(now)) {
                    if (!(settings.takeOverGoneLocalHolder() && previous.holder().provablyGone(self))) {
                        blocking = previous;
                        break;
                    }
                    LOG.warn("lease {}: holder {} is gone (process not running on this host); taking over before "
                            + "its expiry at {}", prefix, previous.holder().describe(), previous.expiresAt());
                }
            }
            long next = s.newest + 1;
            LeaseRecord mine = new LeaseRecord(next, self, now, now, now.plus(settings.ttl()));
            lastTried = mine;
            if (store.putIfAbsent(leaseKey(prefix, next), mine.toJson())) {
                cleanUp(prefix, s.all, next);
                return Optional.of(start(prefix, mine, previous, onLost));
            }
        }
        if (blocking == null) {
            Optional<LeaseState> state = inspect(store, prefix);
            if (state.isEmpty() || state.get().released()) {
                throw new IOException("lease " + prefix + ": could not be taken after " + ATTEMPTS
                        + " attempts of racing contenders");
            }
            blocking = state.get().record();
        }
        if (orThrow) {
            throw new LeaseHeldException(prefix, blocking, clock.instant(), settings.ttl());
        }
        return Optional.empty();
    }

    private StoreLease start(String prefix, LeaseRecord mine, LeaseRecord previous, LeaseLostListener onLost) {
        StoreLease lease = new StoreLease(this, store, prefix, mine, clock, settings.ttl(),
                onLost == null ? LeaseLostListener.LOG_ONLY : onLost);
        held.add(lease);
        if (previous != null && previous.expiredAt(mine.acquiredAt())) {
            LOG.info("lease {}: generation {} taken over from {} (expired at {})", prefix, mine.generation(),
                    previous.holder().describe(), previous.expiresAt());
        } else {
            LOG.info("lease {}: generation {} acquired by {}", prefix, mine.generation(), self.describe());
        }
        if (renewer != null) {
            long every = settings.renewEvery().toMillis();
            lease.renewal(renewer.scheduleWithFixedDelay(lease::renewQuietly, every, every, TimeUnit.MILLISECONDS));
        }
        return lease;
    }

    void forget(StoreLease lease) {
        held.remove(lease);
    }

    /** Older generations can never be current again; the one just before ours stays as a record of who held it. */
    private void cleanUp(String prefix, List<ObjectInfo> all, long mine) {
        for (ObjectInfo info : all) {
            Matcher m = GENERATION.matcher(info.key().value().substring(prefix.length()));
            if (m.matches() && Long.parseLong(m.group(1)) < mine - 1) {
                try {
                    store.delete(info.key());
                } catch (IOException | RuntimeException e) {
                    LOG.debug("lease {}: removing old generation {} failed: {}", prefix, info.key(), e.toString());
                }
            }
        }
    }

    static ObjectKey leaseKey(String prefix, long generation) {
        return ObjectKey.of(prefix + String.format("%012d.lease", generation));
    }

    static ObjectKey releasedKey(String prefix, long generation) {
        return ObjectKey.of(prefix + String.format("%012d.released", generation));
    }

    /** What a listing of the lease prefix says: newest generation (-1: none), whether it is released. */
    record Scan(long newest, boolean released, List<ObjectInfo> all) {
    }

    static Scan scan(ObjectStore store, String prefix) throws IOException {
        List<ObjectInfo> all;
        try (Stream<ObjectInfo> s = store.listAll(prefix)) {
            all = s.toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        long newest = -1;
        boolean released = false;
        for (ObjectInfo info : all) {
            // Only direct children: scoped leases live in sub-prefixes of a daemon's lease prefix.
            Matcher m = GENERATION.matcher(info.key().value().substring(prefix.length()));
            if (!m.matches()) {
                continue;
            }
            long g = Long.parseLong(m.group(1));
            boolean r = m.group(2).equals("released");
            if (g > newest) {
                newest = g;
                released = r;
            } else if (g == newest && r) {
                released = true;
            }
        }
        return new Scan(newest, released, all);
    }

    /** Releases every lease still held and stops the renewal thread. */
    @Override
    public void close() {
        for (StoreLease lease : List.copyOf(held)) {
            lease.close();
        }
        if (renewer != null) {
            renewer.shutdownNow();
        }
    }
}
