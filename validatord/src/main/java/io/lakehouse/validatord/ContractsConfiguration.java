package io.lakehouse.validatord;

import io.lakehouse.store.ObjectStore;
import io.lakehouse.validation.ContractRegistries;
import io.lakehouse.validation.ContractRegistry;
import io.lakehouse.validation.ValidationEngine;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine, the contract registry over the store (loaded, seeded and polled), and its readiness check. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ValidatordProperties.class)
class ContractsConfiguration {
    @Bean
    ValidationEngine validationEngine(ValidatordProperties properties) {
        return new ValidationEngine(properties.engineSettings());
    }

    @Bean(destroyMethod = "close")
    ContractRegistry contractRegistry(ObjectStore store, ValidationEngine engine, ValidatordProperties properties) {
        return ContractRegistries.open(store, engine, properties.missRecheck(), properties.pollInterval(),
                properties.seedContracts());
    }

    @Bean("contracts")
    HealthIndicator contractsHealthIndicator(ContractRegistry registry) {
        return () -> registry.loaded()
                ? Health.up().withDetail("datasets", registry.latestOfEach().size()).build()
                : Health.down().withDetail("reason", "contracts not loaded from the store yet").build();
    }
}
