package io.lakehouse.queryd.sql;

import io.lakehouse.queryd.ExportDirectory;
import io.lakehouse.queryd.QuerydProperties;
import io.lakehouse.queryd.engine.DuckDbEngine;
import io.lakehouse.shared.web.ProblemWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
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

    /** {@code POST /sql} in {@code /v3/api-docs}: springdoc only sees MVC handlers, and this one is a servlet. */
    @Bean
    OpenApiCustomizer sqlOpenApi() {
        return api -> {
            Schema<?> json = new ObjectSchema()
                    .addProperty("sql", new StringSchema().description("one reading statement"))
                    .addProperty("params", new Schema<>().type("array").description("values for the ? placeholders"))
                    .addProperty("max_rows", new IntegerSchema().minimum(java.math.BigDecimal.ONE))
                    .addRequiredItem("sql");
            Content answers = new Content();
            for (ResultFormat f : ResultFormat.values()) {
                answers.addMediaType(f.mediaType.toString(), new MediaType());
            }
            Content problem = new Content().addMediaType("application/problem+json", new MediaType());
            ApiResponses responses = new ApiResponses()
                    .addApiResponse("200", new ApiResponse().description("the result, by Accept").content(answers));
            for (String status : java.util.List.of("400", "403", "406", "415", "429", "504")) {
                responses.addApiResponse(status, new ApiResponse().description("problem details").content(problem));
            }
            api.path("/sql", new PathItem().post(new Operation().operationId("sql")
                    .summary("Runs one read-only statement over the curated lake")
                    .requestBody(new RequestBody().required(true).content(new Content()
                            .addMediaType("application/json", new MediaType().schema(json))
                            .addMediaType("text/plain", new MediaType().schema(new StringSchema()))))
                    .responses(responses)));
        };
    }
}
