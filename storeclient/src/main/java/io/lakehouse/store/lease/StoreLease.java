package io.lakehouse.store.lease;

import io.lakehouse.store.ObjectStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease this process holds. It is valid until the end of the ttl counted from the start of its last successful
 * renewal: a holder cut off from the store stops believing it holds the lease before anyone else may take it over
 * (given clocks within a small fraction of the ttl). Writers that must never overlap another holder call
 * {@link #checkHeld()} before they commit.
 */
public final class StoreLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreLease.class);

    private final StoreLeases owner;
    private final ObjectStore store;
    private final String prefix;
    private final Clock clock;
    private final Duration ttl;
    private final LeaseLostListener onLost;
    private volatile LeaseRecord record;
    private volatile Instant validUntil;
    private volatile String lostReason;
    private volatile boolean closed;
    private volatile ScheduledFuture<?> renewal;

    StoreLease(StoreLeases owner, ObjectStore store, String prefix, LeaseRecord record, Clock clock, Duration ttl,
               LeaseLostListener onLost) {
        this.owner = owner;
        this.store = store;
        this.prefix = prefix;
        this.record = record;
        this.clock = clock;
        this.ttl = ttl;
        this.onLost = onLost;
        this.validUntil = record.renewedAt().plus(ttl);
    }

    void renewal(ScheduledFuture<?> future) {
        this.renewal = future;
    }

    /** The key prefix, e.g. {@code _system/vectord/lease/}. */
    public String prefix() {
        return prefix;
    }

    /** The record as last written by this holder. */
    public LeaseRecord record() {
        return record;
    }

    /** Held: not released, not lost, and renewed within the ttl. */
    public boolean isHeld() {
        return !closed && lostReason == null && clock.instant().isBefore(validUntil);
    }

    /** Why the lease was lost, or null. */
    public String lostReason() {
        return lostReason;
    }

    /** Throws {@link LeaseLostException} unless {@link #isHeld()}. */
    public void checkHeld() {
        if (!isHeld()) {
            throw new LeaseLostException("lease " + prefix + " is no longer held by this process: "
                    + (closed ? "released" : lostReason != null ? lostReason : "not renewed within " + ttl));
        }
    }

    /**
     * Extends the lease by the ttl from now, after checking that no newer generation exists. Throws
     * {@link LeaseLostException} when the lease is gone; an IOException leaves it held until its validity ends.
     */
    public synchronized void renew() throws IOException {
        if (closed) {
            throw new LeaseLostException("lease " + prefix + " was released");
        }
        if (lostReason != null) {
            throw new LeaseLostException(lostReason);
        }
        Instant start = clock.instant();
        if (!start.isBefore(validUntil)) {
            throw lost("not renewed within its ttl of " + ttl + " (valid until " + validUntil
                    + "); another instance may have taken it over");
        }
        StoreLeases.Scan s = StoreLeases.scan(store, prefix);
        LeaseRecord mine = record;
        if (s.newest() > mine.generation()) {
            String who = StoreLeases.inspect(store, prefix).map(st -> st.record().holder().describe()).orElse("?");
            throw lost("generation " + s.newest() + " was taken by " + who);
        }
        if (s.newest() == mine.generation() && s.released()) {
            throw lost("generation " + mine.generation() + " was marked released by someone else");
        }
        LeaseRecord next = mine.renewed(start, ttl);
        store.put(StoreLeases.leaseKey(prefix, mine.generation()), next.toJson());
        record = next;
        validUntil = start.plus(ttl);
    }

    /** The scheduled renewal: logs failures, declares the lease lost once it can no longer be valid. */
    void renewQuietly() {
        try {
            renew();
        } catch (LeaseLostException e) {
            cancelRenewal();
        } catch (IOException | RuntimeException e) {
            if (!clock.instant().isBefore(validUntil)) {
                try {
                    throw lost("the store did not accept a renewal within the ttl (" + e + ")");
                } catch (LeaseLostException ignored) {
                    cancelRenewal();
                }
            } else {
                LOG.warn("lease {}: renewal failed, retrying (valid until {}): {}", prefix, validUntil, e.toString());
            }
        }
    }

    private LeaseLostException lost(String reason) {
        String message = "lease " + prefix + " LOST: " + reason;
        if (lostReason == null) {
            lostReason = message;
            LOG.error("{}; this process must stop writing", message);
            cancelRenewal();
            owner.forget(this);
            try {
                onLost.leaseLost(this, message);
            } catch (RuntimeException e) {
                LOG.error("lease {}: lost-listener failed: {}", prefix, e.toString(), e);
            }
        }
        return new LeaseLostException(message);
    }

    private void cancelRenewal() {
        ScheduledFuture<?> f = renewal;
        if (f != null) {
            f.cancel(false);
        }
    }

    /** Releases the lease: the next contender takes it at once instead of waiting for the expiry. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        cancelRenewal();
        owner.forget(this);
        if (lostReason != null) {
            return;
        }
        try {
            store.putIfAbsent(StoreLeases.releasedKey(prefix, record.generation()), new byte[0]);
            LOG.info("lease {}: generation {} released", prefix, record.generation());
        } catch (IOException | RuntimeException e) {
            LOG.warn("lease {}: release failed ({}); it expires at {}", prefix, e.toString(), record.expiresAt());
        }
    }
}
