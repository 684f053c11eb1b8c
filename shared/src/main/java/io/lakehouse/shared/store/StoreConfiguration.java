package io.lakehouse.shared.store;

import io.lakehouse.shared.config.LakehouseProperties;
import io.lakehouse.store.ObjectStore;
import io.lakehouse.store.ObjectStores;
import io.lakehouse.store.StoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** The daemon's {@link ObjectStore}, opened from {@code lakehouse.storage}, and its readiness check. */
@AutoConfiguration
public class StoreConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(StoreConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ObjectStore objectStore(LakehouseProperties properties) {
        LakehouseProperties.S3 s3 = properties.storage().s3();
        StoreSettings settings = new StoreSettings(properties.storage().uri(), new StoreSettings.S3(
                s3.endpoint(), s3.region(), s3.pathStyle(), s3.accessKey(), s3.secretKey(), s3.timeout()));
        ObjectStore store = ObjectStores.open(settings);
        LOG.info("object store: {}", store.describe());
        return store;
    }

    @Bean("store")
    HealthIndicator storeHealthIndicator(ObjectStore store) {
        return () -> {
            try {
                store.ping();
                return Health.up().withDetail("store", store.describe()).build();
            } catch (Exception e) {
                return Health.down().withDetail("store", store.describe())
                        .withDetail("error", String.valueOf(e.getMessage())).build();
            }
        };
    }
}
