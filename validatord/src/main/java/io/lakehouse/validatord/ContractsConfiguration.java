package io.lakehouse.validatord;

import io.lakehouse.store.ObjectStore;
import io.lakehouse.validation.ContractRegistry;
import io.lakehouse.validation.InvalidContractException;
import io.lakehouse.validation.ShippedContracts;
import io.lakehouse.validation.ValidationEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine, the contract registry over the store (loaded, seeded and polled), and its readiness check. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ValidatordProperties.class)
class ContractsConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(ContractsConfiguration.class);

    @Bean
    ValidationEngine validationEngine(ValidatordProperties properties) {
        return new ValidationEngine(properties.engineSettings());
    }

    @Bean(destroyMethod = "close")
    ContractRegistry contractRegistry(ObjectStore store, ValidationEngine engine, ValidatordProperties properties) {
        ContractRegistry registry = new ContractRegistry(store, engine, properties.missRecheck(), Clock.systemUTC());
        try {
            registry.refreshAll();
            if (properties.seedContracts()) {
                int written = ShippedContracts.seed(registry);
                LOG.info("contracts loaded: {} datasets ({} seeded from the shipped contracts)",
                        registry.latestOfEach().size(), written);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read contracts from the store " + store.describe(), e);
        } catch (InvalidContractException e) {
            throw new IllegalStateException("a shipped contract is invalid: " + e.getMessage(), e);
        }
        registry.startPolling(properties.pollInterval());
        return registry;
    }

    @Bean("contracts")
    HealthIndicator contractsHealthIndicator(ContractRegistry registry) {
        return () -> registry.loaded()
                ? Health.up().withDetail("datasets", registry.latestOfEach().size()).build()
                : Health.down().withDetail("reason", "contracts not loaded from the store yet").build();
    }
}
