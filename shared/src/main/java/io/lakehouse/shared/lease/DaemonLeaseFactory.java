package io.lakehouse.shared.lease;

import io.lakehouse.store.ObjectStore;
import io.lakehouse.store.lease.LeaseHolder;
import io.lakehouse.store.lease.StoreLease;
import io.lakehouse.store.lease.StoreLeases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;

/**
 * Hands out {@link DaemonLease}s (auto-configured in every daemon). A daemon that owns state in the store declares
 * one bean:
 *
 * <pre>{@code
 * @Bean
 * DaemonLease daemonLease(DaemonLeaseFactory leases) {
 *     return leases.acquire("pathwayd");
 * }
 * }</pre>
 *
 * and injects {@code DaemonLease} into its writer beans (journal, registry). A second instance on the same store
 * then fails to start with a message naming the holder ({@link io.lakehouse.store.lease.LeaseHeldException}).
 */
public final class DaemonLeaseFactory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonLeaseFactory.class);

    private final StoreLeases leases;
    private final LeaseProperties properties;
    private final ApplicationContext context;

    public DaemonLeaseFactory(ObjectStore store, LeaseProperties properties, String label, ApplicationContext context) {
        this.properties = properties;
        this.context = context;
        this.leases = new StoreLeases(store, new StoreLeases.Settings(properties.ttl(),
                properties.effectiveRenewEvery(), properties.takeOverGoneLocalHolder()), Clock.systemUTC(),
                LeaseHolder.current(label));
    }

    /** Takes {@code _system/<daemon>/lease/}, or throws {@link io.lakehouse.store.lease.LeaseHeldException}. */
    public DaemonLease acquire(String daemon) {
        return take(StoreLeases.daemonPrefix(daemon));
    }

    /** Takes {@code _system/<daemon>/lease/<scope>/} (one index, one tenant). */
    public DaemonLease acquire(String daemon, String scope) {
        return take(StoreLeases.daemonPrefix(daemon, scope));
    }

    /** The library underneath, for daemons that take and release leases as they go (the materializer's runs). */
    public StoreLeases leases() {
        return leases;
    }

    private DaemonLease take(String prefix) {
        try {
            StoreLease lease = leases.acquire(prefix, (l, reason) -> lost(reason));
            return new DaemonLease(lease);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the lease " + prefix + ": " + e.getMessage(), e);
        }
    }

    private void lost(String reason) {
        if (properties.onLost() == LeaseProperties.OnLost.LOG) {
            return; // the lease has logged the error; readiness reports it
        }
        LOG.error("exiting: {} (lakehouse.lease.on-lost=exit; a supervisor restarts this daemon, which then "
                + "waits for the new holder's lease)", reason);
        Thread.ofPlatform().name("lease-lost-exit").start(() -> System.exit(SpringApplication.exit(context, () -> 75)));
    }

    @Override
    public void close() {
        leases.close();
    }
}
