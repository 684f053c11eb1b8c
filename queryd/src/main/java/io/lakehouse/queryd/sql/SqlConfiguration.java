package io.lakehouse.queryd.sql;

import io.lakehouse.queryd.ExportDirectory;
import io.lakehouse.queryd.QuerydProperties;
import io.lakehouse.queryd.engine.DuckDbEngine;
import io.lakehouse.shared.web.ProblemWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** POST /sql: its service and its servlet. */
@Configuration(proxyBeanMethods = false)
class SqlConfiguration {
    @Bean(destroyMethod = "close")
    QueryService queryService(DuckDbEngine engine, QuerydProperties properties, JsonMapper json,
                              MeterRegistry registry, ExportDirectory export) {
        return new QueryService(engine, properties, json, new QueryMetrics(registry), export.path());
    }

    @Bean
    ServletRegistrationBean<SqlServlet> sqlServlet(QueryService queries, JsonMapper json, ProblemWriter problems) {
        // An exact mapping: it wins over the DispatcherServlet's "/" for this one path.
        var reg = new ServletRegistrationBean<>(new SqlServlet(queries, json, problems), "/sql");
        reg.setName("sql");
        reg.setLoadOnStartup(1);
        return reg;
    }

    /**
     * Spring's {@code http.server.requests} observation is skipped for {@code /sql}: {@code queryd.queries} times
     * every statement by outcome and format, and the observation (a timer and a long-task timer per request) was
     * about 5 % of the CPU of a small statement.
     */
    @Bean
    ObservationPredicate sqlRequestsNotObserved() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext c
                && "/sql".equals(c.getCarrier().getRequestURI()));
    }
}
