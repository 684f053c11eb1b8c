package io.lakehouse.materializer;

import io.lakehouse.store.ObjectStore;
import io.lakehouse.validation.ContractRegistries;
import io.lakehouse.validation.ContractRegistry;
import io.lakehouse.validation.ValidationEngine;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The validation engine, the contract registry over the store and its readiness check, as in validatord. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MaterializerProperties.class)
class ContractsConfiguration {
    @Bean
    ValidationEngine validationEngine(MaterializerProperties properties) {
        return new ValidationEngine(properties.engineSettings());
    }

    @Bean(destroyMethod = "close")
    ContractRegistry contractRegistry(ObjectStore store, ValidationEngine engine, MaterializerProperties properties) {
        return ContractRegistries.open(store, engine, properties.missRecheck(), properties.contractPoll(),
                properties.seedContracts());
    }

    @Bean("contracts")
    HealthIndicator contractsHealthIndicator(ContractRegistry registry) {
        return () -> registry.loaded()
                ? Health.up().withDetail("datasets", registry.latestOfEach().size()).build()
                : Health.down().withDetail("reason", "contracts not loaded from the store yet").build();
    }
}
