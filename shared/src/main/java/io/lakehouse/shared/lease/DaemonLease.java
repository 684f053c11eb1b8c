package io.lakehouse.shared.lease;

import io.lakehouse.store.ObjectStore;
import io.lakehouse.store.lease.FencedObjectStore;
import io.lakehouse.store.lease.LeaseRecord;
import io.lakehouse.store.lease.StoreLease;

/**
 * The single-writer lease a daemon holds for as long as its context lives. Declare it as a bean and inject it into
 * the beans that write the daemon's state: Spring then creates it before them and closes (releases) it after they
 * have flushed. {@link #checkHeld()} before a commit fences a holder that lost it.
 */
public final class DaemonLease implements AutoCloseable {
    private final StoreLease lease;

    DaemonLease(StoreLease lease) {
        this.lease = lease;
    }

    /** The key prefix, e.g. {@code _system/pathwayd/lease/}. */
    public String prefix() {
        return lease.prefix();
    }

    /** The record as last renewed. */
    public LeaseRecord record() {
        return lease.record();
    }

    /** Whether this process still holds it. */
    public boolean isHeld() {
        return lease.isHeld();
    }

    /** Why it was lost, or null. */
    public String lostReason() {
        return lease.lostReason();
    }

    /**
     * {@code store} with its writes refused once this lease is no longer held: give it to the beans that write the
     * daemon's state, so a process paused past its lease cannot overwrite the next holder's objects.
     */
    public ObjectStore fence(ObjectStore store) {
        return new FencedObjectStore(store, lease);
    }

    /** Throws {@link io.lakehouse.store.lease.LeaseLostException} when this process no longer holds it. */
    public void checkHeld() {
        lease.checkHeld();
    }

    /** Releases it (called by Spring after the beans that depend on it are destroyed). */
    @Override
    public void close() {
        lease.close();
    }
}
