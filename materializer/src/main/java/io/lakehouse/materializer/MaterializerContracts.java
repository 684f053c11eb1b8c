package io.lakehouse.materializer;

import io.lakehouse.validation.ContractsConfiguration;
import io.lakehouse.validation.ContractsSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The shared contract wiring (the same engine and registry validatord runs), fed with the materializer's settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MaterializerProperties.class)
@Import(ContractsConfiguration.class)
class MaterializerContracts {
    @Bean
    ContractsSettings contractsSettings(MaterializerProperties properties) {
        return new ContractsSettings(properties.engineSettings(), properties.missRecheck(),
                properties.contractPoll(), properties.seedContracts());
    }
}
