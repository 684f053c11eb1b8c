package io.lakehouse.validation;

import io.lakehouse.store.ObjectStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine, the contract registry over the store (loaded, seeded, polled) and its {@code contracts} readiness
 * check: imported by every daemon that validates, which only supplies a {@link ContractsSettings} bean.
 */
@Configuration(proxyBeanMethods = false)
public class ContractsConfiguration {
    @Bean
    ValidationEngine validationEngine(ContractsSettings settings) {
        return new ValidationEngine(settings.engine());
    }

    @Bean(destroyMethod = "close")
    ContractRegistry contractRegistry(ObjectStore store, ValidationEngine engine, ContractsSettings settings) {
        return ContractRegistries.open(store, engine, settings.missRecheck(), settings.pollInterval(),
                settings.seedShipped());
    }

    @Bean("contracts")
    HealthIndicator contractsHealthIndicator(ContractRegistry registry) {
        return () -> registry.loaded()
                ? Health.up().withDetail("datasets", registry.latestOfEach().size()).build()
                : Health.down().withDetail("reason", "contracts not loaded from the store yet").build();
    }
}
