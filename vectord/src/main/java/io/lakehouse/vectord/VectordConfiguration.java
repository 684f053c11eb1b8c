package io.lakehouse.vectord;

import io.lakehouse.shared.lease.DaemonLease;
import io.lakehouse.shared.lease.DaemonLeaseFactory;
import io.lakehouse.store.ObjectStore;
import io.lakehouse.vectord.registry.IndexRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Wires the index registry and its readiness check. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VectordProperties.class)
class VectordConfiguration {

    /**
     * One vectord per store (ADR 0003): daemon-wide, not per index, because the registry loads every index under
     * {@code indexes/}. Taken before the registry exists and released after it has flushed.
     */
    @Bean
    DaemonLease vectordLease(DaemonLeaseFactory leases) {
        return leases.acquire("vectord");
    }

    @Bean
    IndexRegistry indexRegistry(ObjectStore store, JsonMapper json, VectordProperties props, MeterRegistry meters,
                                DaemonLease vectordLease) {
        // Writes go through the lease's fence: a vectord paused past its lease cannot overwrite WAL segments.
        return new IndexRegistry(vectordLease.fence(store), json, props, meters);
    }

    /** Ready only once every index has been loaded (snapshot + log replay + graph). */
    @Bean("indexes")
    HealthIndicator indexesHealthIndicator(IndexRegistry registry) {
        return () -> {
            if (registry.loaded()) {
                return Health.up().withDetail("indexes", registry.all().size()).build();
            }
            Health.Builder b = Health.down();
            registry.loadFailure().ifPresentOrElse(f -> b.withDetail("error", f), () -> b.withDetail("state", "loading"));
            return b.build();
        };
    }
}
