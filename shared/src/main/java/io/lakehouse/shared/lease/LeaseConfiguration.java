package io.lakehouse.shared.lease;

import io.lakehouse.store.ObjectStore;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import io.lakehouse.shared.store.StoreConfiguration;

/** The {@link DaemonLeaseFactory} and the {@code lease} health indicator (DOWN once a held lease is lost). */
@AutoConfiguration(after = StoreConfiguration.class)
@ConditionalOnBean(ObjectStore.class)
@EnableConfigurationProperties(LeaseProperties.class)
public class LeaseConfiguration {

    @Bean(destroyMethod = "close")
    DaemonLeaseFactory daemonLeaseFactory(ObjectStore store, LeaseProperties properties, Environment environment,
                                          ApplicationContext context) {
        return new DaemonLeaseFactory(store, properties,
                environment.getProperty("spring.application.name", "lakehouse"), context);
    }

    @Bean("lease")
    HealthIndicator leaseHealthIndicator(ObjectProvider<DaemonLease> leases) {
        return () -> {
            List<DaemonLease> all = leases.orderedStream().toList();
            if (all.isEmpty()) {
                return Health.up().withDetail("leases", "none").build();
            }
            Health.Builder b = all.stream().allMatch(DaemonLease::isHeld) ? Health.up() : Health.down();
            for (DaemonLease l : all) {
                b.withDetail(l.prefix(), l.isHeld() ? "generation " + l.record().generation() + " held until "
                        + l.record().expiresAt() : String.valueOf(l.lostReason()));
            }
            return b.build();
        };
    }
}
