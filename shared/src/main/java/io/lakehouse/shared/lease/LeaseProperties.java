package io.lakehouse.shared.lease;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code lakehouse.lease.*}: the single-writer lease a daemon takes in the store (ADR 0003).
 *
 * @param ttl                      how long a lease lasts without renewal
 * @param renewEvery               renewal period; 0 means a third of the ttl
 * @param takeOverGoneLocalHolder  take over at once from a holder on this host whose process is gone (kill -9)
 * @param onLost                   what the daemon does when it loses its lease: {@code exit} (default; systemd
 *                                 restarts it and the restart waits for the lease) or {@code log}
 */
@ConfigurationProperties("lakehouse.lease")
public record LeaseProperties(
        @DefaultValue("30s") Duration ttl,
        @DefaultValue("0s") Duration renewEvery,
        @DefaultValue("true") boolean takeOverGoneLocalHolder,
        @DefaultValue("exit") OnLost onLost) {

    /** What happens when a held lease is lost. */
    public enum OnLost { EXIT, LOG }

    public LeaseProperties {
        if (ttl.toMillis() < 1000) {
            throw new IllegalArgumentException("lakehouse.lease.ttl must be at least 1s, got " + ttl);
        }
        if (renewEvery.isNegative() || renewEvery.compareTo(ttl.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("lakehouse.lease.renew-every must be between 0s and half the ttl ("
                    + ttl.dividedBy(2) + "), got " + renewEvery);
        }
    }

    /** The renewal period in effect. */
    public Duration effectiveRenewEvery() {
        return renewEvery.isZero() ? ttl.dividedBy(3) : renewEvery;
    }
}
