package io.lakehouse.validation;

import io.lakehouse.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a {@link ContractRegistry} the way every daemon that validates needs it: loaded from the store, seeded with
 * the shipped contracts when asked, and polling for versions other replicas write. Spring-free, so validatord and
 * materializer wire it the same way.
 */
public final class ContractRegistries {
    private static final Logger LOG = LoggerFactory.getLogger(ContractRegistries.class);

    private ContractRegistries() {
    }

    /**
     * A loaded registry; it polls every {@code pollInterval} until closed (no polling when null).
     *
     * @throws UncheckedIOException  when the store cannot be read
     * @throws IllegalStateException when a shipped contract does not compile
     */
    public static ContractRegistry open(ObjectStore store, ValidationEngine engine, Duration missRecheck,
                                        Duration pollInterval, boolean seedShipped) {
        ContractRegistry registry = new ContractRegistry(store, engine, missRecheck, Clock.systemUTC());
        try {
            registry.refreshAll();
            if (seedShipped) {
                int written = ShippedContracts.seed(registry);
                LOG.info("contracts loaded: {} datasets ({} seeded from the shipped contracts)",
                        registry.latestOfEach().size(), written);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read contracts from the store " + store.describe(), e);
        } catch (InvalidContractException e) {
            throw new IllegalStateException("a shipped contract is invalid: " + e.getMessage(), e);
        }
        if (pollInterval != null) {
            registry.startPolling(pollInterval);
        }
        return registry;
    }
}
