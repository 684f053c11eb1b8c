package io.lakehouse.queryd.sql;

import io.lakehouse.queryd.ExportDirectory;
import io.lakehouse.queryd.QuerydProperties;
import io.lakehouse.queryd.engine.DuckDbEngine;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** POST /sql's service. */
@Configuration(proxyBeanMethods = false)
class SqlConfiguration {
    @Bean(destroyMethod = "close")
    QueryService queryService(DuckDbEngine engine, QuerydProperties properties, JsonMapper json,
                              MeterRegistry registry, ExportDirectory export) {
        return new QueryService(engine, properties, json, new QueryMetrics(registry), export.path());
    }
}
