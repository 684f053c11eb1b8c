package io.lakehouse.store.lease;

import java.time.Duration;
import java.time.Instant;

/** Another live holder has the lease: the message names it and says what to do. */
public final class LeaseHeldException extends RuntimeException {
    private final transient LeaseRecord holder;
    private final String prefix;

    LeaseHeldException(String prefix, LeaseRecord holder, Instant now, Duration ttl) {
        super(message(prefix, holder, now, ttl));
        this.prefix = prefix;
        this.holder = holder;
    }

    /** The record of the live holder. */
    public LeaseRecord holder() {
        return holder;
    }

    /** The lease's key prefix, e.g. {@code _system/vectord/lease/}. */
    public String prefix() {
        return prefix;
    }

    private static String message(String prefix, LeaseRecord r, Instant now, Duration ttl) {
        long renewedAgo = Math.max(0, Duration.between(r.renewedAt(), now).toSeconds());
        long left = Math.max(0, Duration.between(now, r.expiresAt()).toSeconds());
        return "the single-writer lease " + prefix + " is held by " + r.holder().describe() + ", generation "
                + r.generation() + ", renewed " + renewedAgo + " s ago, expires at " + r.expiresAt() + " (in " + left
                + " s). Another instance is writing to this store: stop it, or, if that process is gone, wait "
                + left + " s for its lease to expire (ttl " + ttl.toSeconds() + " s) and start again.";
    }
}
