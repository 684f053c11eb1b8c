package io.lakehouse.store.lease;

/** Told once when a held lease is lost (another holder took over, or it could not be renewed in time). */
@FunctionalInterface
public interface LeaseLostListener {

    /** Called on the renewal thread; must not block for long. */
    void leaseLost(StoreLease lease, String reason);

    /** A listener that does nothing beyond the error the lease logs itself. */
    LeaseLostListener LOG_ONLY = (lease, reason) -> { };
}
