package io.lakehouse.validatord;

import io.lakehouse.validation.ContractsConfiguration;
import io.lakehouse.validation.ContractsSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The shared contract wiring, fed with validatord's settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ValidatordProperties.class)
@Import(ContractsConfiguration.class)
class ValidatordContracts {
    @Bean
    ContractsSettings contractsSettings(ValidatordProperties properties) {
        return new ContractsSettings(properties.engineSettings(), properties.missRecheck(),
                properties.pollInterval(), properties.seedContracts());
    }
}
