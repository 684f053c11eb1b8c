package io.lakehouse.materializer;

import io.lakehouse.store.ObjectStore;
import io.lakehouse.validation.ContractRegistries;
import io.lakehouse.validation.ContractRegistry;
import io.lakehouse.validation.ValidationEngine;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The validation engine and the contract registry over the store, wired as validatord wires them. */
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
}
